/* snappy's C API for Swift. Only Formats/Parquet/ParquetCodec.swift imports this module. */
#ifndef PIPEHOST_CSNAPPY_SHIM_H
#define PIPEHOST_CSNAPPY_SHIM_H
#include <snappy-c.h>
#endif
