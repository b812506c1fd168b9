// What travels between real processes and how a blocked call waits for it (real_ipc.hpp): values pickled for a
// socket, and descriptor waits that look at the runtime's stop flag. Shared by Pipe, Queue, Pool, Manager and
// the child processes' report pipe.
//
// [SECTION] pickling
// [SECTION] waiting on a descriptor, reading and writing whole messages
#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "machine/objects.hpp"
#include "real_ipc.hpp"

namespace il::real::ipc {




// [SECTION] pickling

// What pickle would send: None, bools, ints, floats, strings, functions (by name: the same program runs on
// both sides) and lists and dicts of those. Anything else raises TypeError as pickling a lock does.
bool pickle(Kernel& k, Thread& t, Value v, std::string& out, int depth) {
  auto put = [&](const auto& x) { out.append(reinterpret_cast<const char*>(&x), sizeof x); };
  auto put_str = [&](std::string_view s) {
    put(static_cast<std::uint32_t>(s.size()));
    out.append(s);
  };
  if (depth > 100) {
    k.raise(t, "RecursionError", "maximum recursion depth exceeded while pickling an object");
    return false;
  }
  switch (v.tag) {
  case Tag::None:
  case Tag::Unbound: out += 'N'; return true; // (an unbound variable is never a value passed on)
  case Tag::Bool: out += v.i ? 'T' : 'F'; return true;
  case Tag::Int: out += 'i'; put(v.i); return true;
  case Tag::Float: out += 'f'; put(v.as_double()); return true;
  case Tag::Str: out += 's'; put_str(k.str(v.as_str())); return true;
  case Tag::Func: out += 'u'; put(static_cast<FuncId>(v.i)); return true;
  case Tag::Obj: break;
  }
  const Object* o = k.object(v.as_obj());
  if (const auto* l = dynamic_cast<const ListObject*>(o)) {
    out += 'l';
    put(static_cast<std::uint32_t>(l->items.size()));
    for (Value x : l->items)
      if (!pickle(k, t, x, out, depth + 1)) return false;
    return true;
  }
  if (const auto* d = dynamic_cast<const DictObject*>(o)) {
    out += 'd';
    put(static_cast<std::uint32_t>(d->keys.size()));
    for (std::size_t i = 0; i < d->keys.size(); ++i)
      if (!pickle(k, t, d->keys[i], out, depth + 1) || !pickle(k, t, d->vals[i], out, depth + 1)) return false;
    return true;
  }
  k.raise(t, "TypeError", "cannot pickle '" + std::string(o->kind()) + "' object");
  return false;
}

// The value a message stands for, made in process p (new lists and dicts: a copy, as unpickling makes).
// False if the bytes are not a message pickle() wrote.
bool unpickle(Kernel& k, ProcId p, std::string_view& in, Value& v) {
  auto get = [&](auto& x) {
    if (in.size() < sizeof x) return false;
    std::memcpy(&x, in.data(), sizeof x);
    in.remove_prefix(sizeof x);
    return true;
  };
  if (in.empty()) return false;
  const char tag = in.front();
  in.remove_prefix(1);
  switch (tag) {
  case 'N': v = Value::none(); return true;
  case 'T':
  case 'F': v = Value::boolean(tag == 'T'); return true;
  case 'i': {
    std::int64_t i = 0;
    if (!get(i)) return false;
    v = Value::integer(i);
    return true;
  }
  case 'f': {
    double d = 0;
    if (!get(d)) return false;
    v = Value::real(d);
    return true;
  }
  case 's': {
    std::uint32_t n = 0;
    if (!get(n) || in.size() < n) return false;
    v = Value::str(k.intern(in.substr(0, n)));
    in.remove_prefix(n);
    return true;
  }
  case 'u': {
    FuncId f = kNone;
    if (!get(f) || f < 0 || f >= static_cast<FuncId>(k.program().functions.size())) return false;
    v = Value::func(f);
    return true;
  }
  case 'l': {
    std::uint32_t n = 0;
    if (!get(n)) return false;
    auto l = std::make_unique<ListObject>();
    for (std::uint32_t i = 0; i < n; ++i) {
      Value x;
      if (!unpickle(k, p, in, x)) return false;
      l->items.push_back(x);
    }
    v = Value::obj(k.add_object(std::move(l), p));
    return true;
  }
  case 'd': {
    std::uint32_t n = 0;
    if (!get(n)) return false;
    auto d = std::make_unique<DictObject>();
    for (std::uint32_t i = 0; i < n; ++i) {
      Value key, val;
      if (!unpickle(k, p, in, key) || !unpickle(k, p, in, val)) return false;
      d->keys.push_back(key);
      d->vals.push_back(val);
    }
    v = Value::obj(k.add_object(std::move(d), p));
    return true;
  }
  default: return false;
  }
}

// Resumes t with the value in `msg`, or raises what a truncated message means to CPython.
void deliver(Kernel& k, Thread& t, const std::string& msg) {
  std::string_view in = msg;
  Value v;
  if (unpickle(k, t.proc, in, v) && in.empty()) {
    t.stack.push_back(v);
  } else {
    t.exc = {k.intern("UnpicklingError"), k.intern("pickle data was truncated")};
    t.raise_pending = true;
  }
}

void raise_later(Kernel& k, Thread& t, std::string_view type, std::string_view message) {
  t.exc = {k.intern(type), k.intern(message)};
  t.raise_pending = true;
}

// [SECTION] waiting on a descriptor, reading and writing whole messages

// Waits until fd is ready for `events`, the real deadline passes (-1: never) or `stop` is set: 1, 0 or -1.
int wait_fd(int fd, short events, Ns real_deadline, const std::atomic<bool>& stop) {
  for (;;) {
    if (stop.load(std::memory_order_relaxed)) return -1;
    Ns slice = kStopCheckNs;
    if (real_deadline >= 0) {
      const Ns left = real_deadline - monotonic_ns();
      if (left <= 0) slice = 0;
      else slice = std::min(slice, left);
    }
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>((slice + 999'999) / 1'000'000));
    if (r > 0) return 1;
    if (r < 0 && errno != EINTR) return 1; // let the read or write report the error
    if (real_deadline >= 0 && monotonic_ns() >= real_deadline) return 0;
  }
}

bool read_exact(int fd, char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool send_exact(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// A nominal timeout argument (seconds or None) as a real deadline on monotonic_ns(), -1 for none.
Ns real_deadline(Call& c, Value timeout) {
  const Ns nominal = seconds_to_ns(timeout, -1);
  if (nominal < 0) return -1;
  return monotonic_ns() + rt_of(c).scale().to_real(nominal);
}

} // namespace il::real::ipc
