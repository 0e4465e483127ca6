#pragma once

// graph is below db: this include runs the wrong way.
#include "db/Lock.h"
