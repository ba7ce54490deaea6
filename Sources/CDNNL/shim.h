/* oneDNN's C API (Debian: libdnnl-dev, oneDNN 2.x; the headers live in /usr/include and
 * /usr/include/oneapi/dnnl). dnnl_debug.h adds the status and ISA names the plugin reports.
 * The Swift side keeps every 2.x-vs-3.x difference in Plugins/OneDNN/DNNLShim.swift. */
#include <dnnl.h>
#include <dnnl_debug.h>
