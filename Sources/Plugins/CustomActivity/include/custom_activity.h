/* ADF's Custom activity, run locally, as a plain-C pipehost plugin. Its only export is the
 * pipehost_plugin_entry_v1 symbol declared in pipehost_plugin.h. */
#ifndef PIPEHOST_CUSTOM_ACTIVITY_H
#define PIPEHOST_CUSTOM_ACTIVITY_H
#include "pipehost_plugin.h"
#endif
