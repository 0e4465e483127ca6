#pragma once

namespace retort {
struct Lock {};
}
