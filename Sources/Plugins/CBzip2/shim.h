/* libbz2 for Swift. Only Bytes/Bzip2Transform.swift imports this module. */
#ifndef PIPEHOST_CBZIP2_SHIM_H
#define PIPEHOST_CBZIP2_SHIM_H
#include <bzlib.h>
#endif
