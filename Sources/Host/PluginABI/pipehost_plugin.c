/* The ABI target is the header; this file makes SwiftPM build it and checks the header compiles
 * as plain C11 with every warning on. The header itself asserts the frozen ABI 1.0 sizes. */
#include "pipehost_plugin.h"

_Static_assert(offsetof(ph_plugin, struct_size) == 0, "struct_size comes first");
