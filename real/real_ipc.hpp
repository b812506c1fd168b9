// The pieces multiprocessing's IPC objects on real processes share (real_ipc.cpp, real_pool.cpp): pickling
// values for a socket, and waits that look at the runtime's stop flag while they block.
#pragma once
#include <atomic>
#include <cstring>
#include <string>
#include <string_view>

#include "real_runtime.hpp"

namespace il::real::ipc {

constexpr Ns kStopCheckNs = 20'000'000; // a blocked OS wait looks at `stop` this often (real time)

// Fixed-size fields and length-prefixed strings in a message.
template <class T> void put(std::string& out, const T& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
template <class T> bool get(std::string_view& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}
inline void put_str(std::string& out, std::string_view s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}
inline bool get_str(std::string_view& in, std::string& s) {
  std::uint32_t n = 0;
  if (!get(in, n) || in.size() < n) return false;
  s = std::string(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

// These objects exist only in a RealRuntime.
inline RealRuntime& rt_of(Call& c) { return static_cast<RealRuntime&>(c.sim); }

// What pickle would send: None, bools, ints, floats, strings, functions (by id: the same program runs on
// both sides) and lists and dicts of those. Anything else raises TypeError in t, as pickling a lock does.
bool pickle(Kernel& k, Thread& t, Value v, std::string& out, int depth = 0);
// The value a message stands for, made in process p (lists and dicts are new: a copy, as unpickling makes);
// consumes it from `in`. False if the bytes are not something pickle() wrote.
bool unpickle(Kernel& k, ProcId p, std::string_view& in, Value& v);
// Resumes t with the value in `msg` (pushed), or an UnpicklingError to raise.
void deliver(Kernel& k, Thread& t, const std::string& msg);
// An exception t raises when it next runs (after an OS call).
void raise_later(Kernel& k, Thread& t, std::string_view type, std::string_view message);

// Waits until fd is ready for `events`, the real deadline (monotonic_ns) passes (-1: never) or `stop` is set:
// 1, 0 or -1.
int wait_fd(int fd, short events, Ns real_deadline, const std::atomic<bool>& stop);
bool read_exact(int fd, char* p, std::size_t n);       // false at the end of the stream or on an error
bool send_exact(int fd, const char* p, std::size_t n); // MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE
// multiprocessing.Pool(n) on real processes (real_pool.cpp).
Outcome new_real_pool(Call& c);
// multiprocessing.Manager() on real processes (real_manager.cpp).
Outcome new_real_manager(Call& c);

// A nominal timeout argument (seconds or None) as a real deadline on monotonic_ns(), -1 for none.
Ns real_deadline(Call& c, Value timeout);

} // namespace il::real::ipc
