/* libzstd for Swift. Only Formats/Parquet/ParquetCodec.swift imports this module. */
#ifndef PIPEHOST_CZSTD_SHIM_H
#define PIPEHOST_CZSTD_SHIM_H
#include <zstd.h>
#endif
