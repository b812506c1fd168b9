// What CPython prints on stderr for an exception that ends a thread or a process (see traceback.cpp).
#pragma once
#include <string>

#include "machine/kernel.hpp"

namespace il {

// The whole report for exception e that ended thread t: "Traceback (most recent call last):" (after
// "Exception in thread NAME:" or "Process NAME:" where CPython writes one), the frames, "Type: message".
std::string format_uncaught(const Kernel& sim, const Thread& t, const Exc& e);

// The line of the program where e was raised: its traceback's innermost entry with a line (0 when none).
int raise_line(const Kernel& sim, const Exc& e);

} // namespace il
