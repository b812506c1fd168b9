// multiprocessing's IPC on real processes: Pipe connections are AF_UNIX stream sockets and Queue a
// SOCK_SEQPACKET socket pair (one message per item, any number of readers), both carrying pickled values;
// Value, Array and Lock live in shared memory (an anonymous MAP_SHARED mapping every later fork inherits),
// with a process-shared POSIX semaphore as the lock. Blocking waits (a read, a lock another process holds)
// run as RealRuntime::os_call: without the kernel mutex and the GIL, as CPython releases the GIL around them.
//
// Pickling and the waits every object uses are in real_wire.cpp.
//
// [SECTION] Pipe connections
// [SECTION] multiprocessing.Queue
// [SECTION] shared memory: Lock, RLock, Value, Array
// [SECTION] the natives
#include <bit>
#include <cerrno>
#include <cstring>
#include <ctime>

#include <poll.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "real_ipc.hpp"

namespace il::real {


namespace {

using namespace ipc;

// [SECTION] Pipe connections

class RealConnection final : public Object {
public:
  int fd = -1;
  bool readable = true, writable = true, closed = false;

  ~RealConnection() override {
    if (!closed && fd >= 0) ::close(fd);
  }
  std::string_view kind() const override { return "Connection"; }
  std::string repr(const Kernel&) const override {
    return "<Connection " + name + (closed ? " closed" : "") + ">";
  }

  Outcome call(Call& c, Sym m) override {
    Kernel& k = c.sim;
    auto usable = [&](bool read) { return connection_usable(c, closed, readable, writable, read); };
    switch (m) {
    case Sym::send: {
      if (!usable(false)) return Outcome::Raised;
      std::string msg(4, '\0');
      if (!pickle(k, c.t, c.arg(0), msg)) return Outcome::Raised;
      const auto n = static_cast<std::uint32_t>(msg.size() - 4);
      std::memcpy(msg.data(), &n, 4);
      auto ok = std::make_shared<bool>(false);
      return rt_of(c).os_call(c.t, *this, {
          .wait = [fd = fd, msg = std::move(msg), ok](const std::atomic<bool>&) {
            *ok = send_exact(fd, msg.data(), msg.size());
            return true;
          },
          .done = [ok](Kernel& kk, Thread& t) {
            if (*ok) t.stack.push_back(Value::none());
            else raise_later(kk, t, "BrokenPipeError", "[Errno 32] Broken pipe");
          }});
    }
    case Sym::recv: {
      if (!usable(true)) return Outcome::Raised;
      auto msg = std::make_shared<std::string>();
      auto got = std::make_shared<bool>(false);
      return rt_of(c).os_call(c.t, *this, {
          .wait = [fd = fd, msg, got](const std::atomic<bool>& stop) {
            if (wait_fd(fd, POLLIN, -1, stop) < 0) return false;
            std::uint32_t n = 0;
            if (!read_exact(fd, reinterpret_cast<char*>(&n), 4)) return true; // the other end closed
            msg->resize(n);
            *got = n == 0 || read_exact(fd, msg->data(), n);
            return true;
          },
          .done = [msg, got](Kernel& kk, Thread& t) {
            if (*got) deliver(kk, t, *msg);
            else raise_later(kk, t, "EOFError", "");
          }});
    }
    case Sym::poll: {
      if (!usable(true)) return Outcome::Raised;
      const Ns deadline = real_deadline(c, c.arg(0).is_none() ? Value::integer(0) : c.arg(0));
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 0) > 0 || deadline < 0 || deadline <= monotonic_ns()) {
        c.ret = Value::boolean(::poll(&p, 1, 0) > 0);
        return Outcome::Done;
      }
      auto ready = std::make_shared<bool>(false);
      return rt_of(c).os_call(c.t, *this, {
          .wait = [fd = fd, deadline, ready](const std::atomic<bool>& stop) {
            const int r = wait_fd(fd, POLLIN, deadline, stop);
            *ready = r > 0;
            return r >= 0;
          },
          .done = [ready](Kernel&, Thread& t) { t.stack.push_back(Value::boolean(*ready)); }});
    }
    case Sym::close:
      if (!closed) {
        closed = true;
        ::close(fd); // this process's copy: the other end reads EOF once every process closed it
      }
      return Outcome::Done;
    default: return Object::call(c, m);
    }
  }
};

// [SECTION] multiprocessing.Queue

// In shared memory: how many items are in flight (qsize()).
struct QueueShared {
  std::atomic<std::int64_t> size{0};
};

void* shared_pages(std::size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

// One item off the queue's socket without blocking; false if there is none.
bool try_receive(int fd, std::string& msg, QueueShared* shared) {
  msg.resize(1 << 20); // a SOCK_SEQPACKET message is one item; pickles here stay far below this
  const ssize_t r = ::recv(fd, msg.data(), msg.size(), MSG_DONTWAIT);
  if (r < 0) return false;
  msg.resize(static_cast<std::size_t>(r));
  shared->size.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

class RealMpQueue final : public Object {
public:
  int put_fd = -1, get_fd = -1;
  QueueShared* shared = nullptr;

  ~RealMpQueue() override { // this process's copies (a long-lived host, the app, makes many runs)
    ::close(put_fd);
    ::close(get_fd);
    ::munmap(shared, sizeof(QueueShared));
  }

  std::string_view kind() const override { return "mp.Queue"; }
  std::int64_t counter() const override { return shared->size.load(std::memory_order_relaxed); }

  Outcome call(Call& c, Sym m) override {
    Kernel& k = c.sim;
    switch (m) {
    case Sym::put:
    case Sym::put_nowait: {
      std::string msg;
      if (!pickle(k, c.t, c.arg(0), msg)) return Outcome::Raised;
      shared->size.fetch_add(1, std::memory_order_relaxed);
      // CPython's put hands the item to a feeder thread and returns; a socket with room takes it as fast.
      if (::send(put_fd, msg.data(), msg.size(), MSG_NOSIGNAL | MSG_DONTWAIT) == static_cast<ssize_t>(msg.size())) {
        k.note_progress();
        return Outcome::Done;
      }
      auto ok = std::make_shared<bool>(false);
      return rt_of(c).os_call(c.t, *this, {
          .wait = [fd = put_fd, msg = std::move(msg), ok](const std::atomic<bool>& stop) {
            for (;;) {
              if (wait_fd(fd, POLLOUT, -1, stop) < 0) return false;
              const ssize_t w = ::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
              if (w == static_cast<ssize_t>(msg.size())) break;
              if (w < 0 && errno != EAGAIN && errno != EINTR) return true;
            }
            *ok = true;
            return true;
          },
          .done = [ok](Kernel& kk, Thread& t) {
            if (*ok) t.stack.push_back(Value::none());
            else raise_later(kk, t, "OSError", "the queue's socket is gone");
          }});
    }
    case Sym::get:
    case Sym::get_nowait: {
      const bool block = m == Sym::get && (c.arg(0).is_none() || Interp::truthy(k, c.arg(0)));
      const Ns deadline = block ? real_deadline(c, c.arg(1)) : monotonic_ns();
      auto msg = std::make_shared<std::string>();
      auto got = std::make_shared<bool>(false);
      if (!block) {
        if (!try_receive(get_fd, *msg, shared)) return k.raise(c.t, "Empty", "");
        std::string_view in = *msg;
        Value v;
        if (!unpickle(k, c.t.proc, in, v)) return k.raise(c.t, "UnpicklingError", "pickle data was truncated");
        c.ret = v;
        return Outcome::Done;
      }
      return rt_of(c).os_call(c.t, *this, {
          .wait = [fd = get_fd, deadline, msg, got, shared = shared](const std::atomic<bool>& stop) {
            for (;;) { // another reader may take the item we were woken for: wait again
              const int r = wait_fd(fd, POLLIN, deadline, stop);
              if (r <= 0) return r == 0;
              if (try_receive(fd, *msg, shared)) {
                *got = true;
                return true;
              }
            }
          },
          .done = [msg, got](Kernel& kk, Thread& t) {
            if (*got) deliver(kk, t, *msg);
            else raise_later(kk, t, "Empty", "");
          }});
    }
    case Sym::empty: {
      pollfd p{get_fd, POLLIN, 0};
      c.ret = Value::boolean(::poll(&p, 1, 0) <= 0);
      return Outcome::Done;
    }
    case Sym::qsize: c.ret = Value::integer(shared->size.load(std::memory_order_relaxed)); return Outcome::Done;
    case Sym::close: return Outcome::Done;
    default: return Object::call(c, m);
    }
  }
};

// [SECTION] shared memory: Lock, RLock, Value, Array

// A lock every process sees: a process-shared semaphore, and for an RLock its owner and recursion count
// (written only by the owner while it holds the semaphore).
struct SharedLock {
  sem_t sem;
  std::atomic<std::int64_t> owner{0}; // (pid << 32) | thread id, 0 when free
  std::int64_t count = 0;
};

std::int64_t owner_key(const Kernel& k, const Thread& t) {
  return (static_cast<std::int64_t>(k.processes()[t.proc].pid) << 32) | static_cast<std::uint32_t>(t.id);
}

// Waits on the semaphore until it is taken, the real deadline passes (-1: never) or `stop` is set.
int wait_sem(sem_t* s, Ns real_deadline, const std::atomic<bool>& stop) {
  for (;;) {
    if (stop.load(std::memory_order_relaxed)) return -1;
    Ns until = monotonic_ns() + kStopCheckNs;
    if (real_deadline >= 0) until = std::min(until, real_deadline);
    // sem_timedwait takes a CLOCK_REALTIME instant: convert "this long from now".
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    const Ns wait = std::max<Ns>(0, until - monotonic_ns());
    const Ns abs = now.tv_sec * 1'000'000'000LL + now.tv_nsec + wait;
    const timespec ts{static_cast<time_t>(abs / 1'000'000'000LL), static_cast<long>(abs % 1'000'000'000LL)};
    if (::sem_timedwait(s, &ts) == 0) return 1;
    if (errno == EINTR) continue;
    if (real_deadline >= 0 && monotonic_ns() >= real_deadline) return 0;
  }
}

class RealLock final : public Object { // multiprocessing.Lock, or the RLock of a Value or Array
public:
  SharedLock* s = nullptr;
  bool recursive = false;
  bool owns_pages = false; // multiprocessing.Lock's own mapping; a Value's lock lives in the Value's

  ~RealLock() override {
    if (owns_pages) ::munmap(s, sizeof(SharedLock));
  }

  std::string_view kind() const override { return recursive ? "mp.RLock" : "mp.Lock"; }
  bool is_primitive() const override { return true; }

  Outcome call(Call& c, Sym m) override {
    Kernel& k = c.sim;
    const std::int64_t me = owner_key(k, c.t);
    switch (m) {
    case Sym::acquire: {
      if (recursive && s->owner.load(std::memory_order_relaxed) == me) {
        ++s->count;
        c.ret = Value::boolean(true);
        return Outcome::Done;
      }
      if (::sem_trywait(&s->sem) == 0) {
        take(me, false);
        c.ret = Value::boolean(true);
        return Outcome::Done;
      }
      const bool block = c.arg(0).is_none() || Interp::truthy(k, c.arg(0));
      if (!block) {
        c.ret = Value::boolean(false);
        return Outcome::Done;
      }
      const Value timeout = c.arg(1).is_number() && c.arg(1).as_double() < 0 ? Value::none() : c.arg(1);
      const Ns deadline = real_deadline(c, timeout);
      auto got = std::make_shared<int>(0);
      return rt_of(c).os_call(c.t, *this, {
          .wait = [sem = &s->sem, deadline, got](const std::atomic<bool>& stop) {
            *got = wait_sem(sem, deadline, stop);
            return *got >= 0;
          },
          .done = [this, me, got](Kernel&, Thread& t) {
            if (*got > 0) take(me, true);
            t.stack.push_back(Value::boolean(*got > 0));
          }});
    }
    case Sym::release: {
      if (recursive) {
        if (s->owner.load(std::memory_order_relaxed) != me)
          return k.raise(c.t, "AssertionError", "attempt to release recursive lock not owned by thread");
        if (--s->count > 0) return Outcome::Done;
      } else {
        int value = 0;
        ::sem_getvalue(&s->sem, &value);
        if (value > 0) return k.raise(c.t, "ValueError", "semaphore or lock released too many times");
      }
      s->owner.store(0, std::memory_order_relaxed);
      stats.leave();
      ::sem_post(&s->sem);
      k.note_progress();
      return Outcome::Done;
    }
    default: return Object::call(c, m);
    }
  }

private:
  void take(std::int64_t me, bool waited) {
    s->owner.store(me, std::memory_order_relaxed);
    s->count = 1;
    stats.enter(waited);
  }
};

SharedLock* new_shared_lock() {
  auto* s = new (shared_pages(sizeof(SharedLock))) SharedLock();
  ::sem_init(&s->sem, /*pshared=*/1, 1);
  return s;
}

Outcome new_lock(Call& c, SharedLock* s, bool recursive, bool owns_pages) {
  auto l = std::make_unique<RealLock>();
  l->s = s;
  l->recursive = recursive;
  l->owns_pages = owns_pages;
  c.ret = Value::obj(c.sim.add_object(std::move(l), c.t.proc));
  return Outcome::Done;
}

// Value's and Array's items: 8-byte slots read and written with relaxed atomics (an int's bits, or a
// double's), so `counter.value += 1` without the lock loses updates as in CPython and is no data race here.
struct SharedSlots {
  SharedLock lock;
  std::atomic<std::int64_t> items[1]; // really `n` of them
};

std::size_t slots_bytes(std::size_t n) { return sizeof(SharedSlots) + std::max<std::size_t>(1, n) * sizeof(std::int64_t); }

SharedSlots* new_shared_slots(std::size_t n) {
  auto* s = new (shared_pages(slots_bytes(n))) SharedSlots();
  ::sem_init(&s->lock.sem, 1, 1);
  return s;
}

class RealShared final : public Object { // multiprocessing.Value (n = 1, scalar) or Array
public:
  SharedSlots* s = nullptr;
  std::size_t n = 1;

  ~RealShared() override { ::munmap(s, slots_bytes(n)); }
  char typecode = 'i';
  bool array = false;
  ObjId lock = kNone; // get_lock()'s object, made with it

  std::string_view kind() const override { return array ? "SynchronizedArray" : "Synchronized"; }
  std::int64_t length() const override { return array ? static_cast<std::int64_t>(n) : -1; }
  std::string repr(const Kernel& k) const override {
    std::vector<Value> items;
    bool scalar = false;
    shared_items(items, scalar);
    return shared_memory_repr(k, typecode, items, array);
  }

  bool shared_items(std::vector<Value>& out, bool& scalar) const override {
    out.clear();
    for (std::size_t i = 0; i < n; ++i) out.push_back(load(i));
    scalar = !array;
    return true;
  }

  Value load(std::size_t i) const {
    const std::int64_t bits = s->items[i].load(std::memory_order_relaxed);
    return is_float() ? Value::real(std::bit_cast<double>(bits)) : Value::integer(bits);
  }
  bool store(Kernel& k, Thread& t, std::size_t i, Value v) {
    Value x;
    if (!coerce_ctype(k, t, typecode, v, x)) return false;
    s->items[i].store(is_float() ? std::bit_cast<std::int64_t>(x.as_double()) : x.i, std::memory_order_relaxed);
    k.note_progress();
    return true;
  }

  bool get_attr(Kernel&, Thread&, StrId attr, Value& out) override {
    if (array || attr != static_cast<StrId>(Sym::value)) return false;
    out = load(0);
    return true;
  }
  bool set_attr(Kernel& k, Thread& t, StrId attr, Value v) override {
    if (array || attr != static_cast<StrId>(Sym::value)) return false;
    return store(k, t, 0, v);
  }

  Outcome call(Call& c, Sym m) override {
    Kernel& k = c.sim;
    auto index = [&](Value v, std::size_t& out) {
      if (v.tag != Tag::Int && v.tag != Tag::Bool) {
        k.raise(c.t, "TypeError", "indices must be integers");
        return false;
      }
      std::int64_t i = v.i;
      if (i < 0) i += static_cast<std::int64_t>(n);
      if (i < 0 || i >= static_cast<std::int64_t>(n)) {
        k.raise(c.t, "IndexError", "invalid index");
        return false;
      }
      out = static_cast<std::size_t>(i);
      return true;
    };
    std::size_t i = 0;
    switch (array ? m : Sym::count_) {
    case Sym::getitem:
      if (!index(c.arg(0), i)) return Outcome::Raised;
      c.ret = load(i);
      return Outcome::Done;
    case Sym::setitem:
      if (!index(c.arg(0), i)) return Outcome::Raised;
      return store(k, c.t, i, c.arg(1)) ? Outcome::Done : Outcome::Raised;
    case Sym::len: c.ret = Value::integer(static_cast<std::int64_t>(n)); return Outcome::Done;
    case Sym::copy: { // arr[:]: a list in the caller's memory
      auto l = std::make_unique<ListObject>();
      for (std::size_t j = 0; j < n; ++j) l->items.push_back(load(j));
      c.ret = Value::obj(k.add_object(std::move(l), c.t.proc));
      return Outcome::Done;
    }
    default: break;
    }
    if (m == Sym::acquire || m == Sym::release) return k.object(lock)->call(c, m); // `with value:`
    return Object::call(c, m);
  }

  Outcome call_named(Call& c, StrId m) override {
    if (c.sim.str(m) != "get_lock") return Object::call_named(c, m);
    c.ret = Value::obj(lock);
    return Outcome::Done;
  }

private:
  bool is_float() const { return typecode == 'f' || typecode == 'd'; }
};

// [SECTION] the natives

Outcome make_pipe(Call& c) {
  Kernel& k = c.sim;
  const bool duplex = c.arg(0).is_none() || Interp::truthy(k, c.arg(0));
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return k.raise(c.t, "OSError", std::string("[Errno ") + std::to_string(errno) + "] " + std::strerror(errno));
  auto end = [&](int fd, bool readable, bool writable) {
    auto e = std::make_unique<RealConnection>();
    e->fd = fd;
    e->readable = readable;
    e->writable = writable;
    return Value::obj(k.add_object(std::move(e), c.t.proc));
  };
  auto l = std::make_unique<ListObject>();
  l->items = {end(fds[0], true, duplex), end(fds[1], duplex, true)}; // Pipe(False): (reader, writer)
  c.ret = Value::obj(k.add_object(std::move(l), c.t.proc));
  return Outcome::Done;
}

Outcome make_queue(Call& c) {
  Kernel& k = c.sim;
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
    return k.raise(c.t, "OSError", std::string("[Errno ") + std::to_string(errno) + "] " + std::strerror(errno));
  auto q = std::make_unique<RealMpQueue>();
  q->put_fd = fds[0];
  q->get_fd = fds[1];
  q->shared = new (shared_pages(sizeof(QueueShared))) QueueShared();
  c.ret = Value::obj(k.add_object(std::move(q), c.t.proc));
  return Outcome::Done;
}

Outcome make_shared(Call& c, bool array) {
  Kernel& k = c.sim;
  const Value tc = c.arg(0);
  const std::string code = tc.tag == Tag::Str ? k.str(tc.as_str()) : "";
  const char typecode = code.size() == 1 ? code[0] : '?';
  Value zero;
  if (!coerce_ctype(k, c.t, typecode, Value::integer(0), zero)) return Outcome::Raised;
  std::vector<Value> init;
  if (!array) {
    init.push_back(c.arg(1).is_none() ? Value::integer(0) : c.arg(1));
  } else if (c.arg(1).tag == Tag::Int) { // Array('i', 4): four zeros
    if (c.arg(1).i < 0)
      return k.raise(c.t, "ValueError", "Array length must be >= 0, not " + std::to_string(c.arg(1).i));
    init.assign(static_cast<std::size_t>(c.arg(1).i), zero);
  } else if (auto* l = k.as<ListObject>(c.arg(1))) {
    init = l->items;
  } else {
    return k.raise(c.t, "TypeError", "Array() needs a size or a list");
  }
  auto o = std::make_unique<RealShared>();
  o->typecode = typecode;
  o->array = array;
  o->n = init.size();
  o->s = new_shared_slots(init.size());
  for (std::size_t i = 0; i < init.size(); ++i)
    if (!o->store(k, c.t, i, init[i])) return Outcome::Raised;
  // Its lock now, not at the first get_lock(): processes forked later share this object, as they share the
  // semaphore, so the report counts one lock.
  Call made{k, c.t, {}};
  new_lock(made, &o->s->lock, true, false);
  o->lock = made.ret.as_obj();
  c.ret = Value::obj(k.add_object(std::move(o), c.t.proc));
  return Outcome::Done;
}

} // namespace

Outcome RealRuntime::native_call(Native n, Call& c) {
  try {
    return ipc_native(n, c);
  } catch (const std::bad_alloc&) { // no shared memory left to map
    return raise(c.t, "MemoryError", "cannot map shared memory for " + std::string(native_name(n)));
  }
}

Outcome RealRuntime::ipc_native(Native n, Call& c) {
  switch (n) {
  case Native::pipe_new: fix_context(*this, c.t.proc); return make_pipe(c);
  case Native::mp_queue_new: fix_context(*this, c.t.proc); return make_queue(c);
  case Native::mp_value_new: fix_context(*this, c.t.proc); return make_shared(c, false);
  case Native::mp_array_new: fix_context(*this, c.t.proc); return make_shared(c, true);
  case Native::mp_lock_new: fix_context(*this, c.t.proc); return new_lock(c, new_shared_lock(), false, true);
  case Native::pool_new: return new_real_pool(c);
  case Native::manager_new: return new_real_manager(c);
  default: return call_native(n, c);
  }
}

} // namespace il::real
