#include "keras_plugin.h"
