/* ADF's Custom activity as a plain-C pipehost plugin; written with the foundation issue. */
#include "pipehost_plugin.h"
