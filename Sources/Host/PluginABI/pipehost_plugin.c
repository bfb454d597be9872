/* The ABI target is the header; this file makes SwiftPM build it and checks the header compiles
 * as plain C11 with every warning on. */
#include "pipehost_plugin.h"

_Static_assert(sizeof(ph_buffer) == 40, "ph_buffer is frozen at 40 bytes");
_Static_assert(offsetof(ph_plugin, struct_size) == 0, "struct_size comes first");
