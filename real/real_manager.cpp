// multiprocessing.Manager on real processes. Manager() listens on an abstract AF_UNIX SOCK_SEQPACKET address
// and forks the server process (SyncManager-N), whose main thread runs the simulator's `$manager_server`
// bytecode: accept a connection, start a `$manager_handler` thread for it, which serves that client's requests
// one by one on referents that live in the server (the engine's own dict, list, Namespace, Lock and Queue
// objects, so a Lock.acquire really blocks the handler thread there). Each client thread has its own
// connection, as CPython's proxies keep one per thread; a proxy method call is a real round trip.
//
// Wire: a request is [op u8][referent i32][name str][pickled list of args]; a reply is [status u8] and then
// a pickled value (1), a new referent [i32][proxy type str] (2), or an exception's type and message (0).
//
// [SECTION] the wire
// [SECTION] the client side: Manager and proxies
// [SECTION] the server side: connections
// [SECTION] Manager()
#include <atomic>
#include <cstring>
#include <map>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "real_ipc.hpp"

namespace il::real {

namespace {

using namespace ipc;

// [SECTION] the wire

enum Op : std::uint8_t { kCreate = 'c', kMethod = 'm', kGetAttr = 'g', kSetAttr = 's', kShutdown = 'x' };
enum Status : std::uint8_t { kError = 0, kValue = 1, kReferent = 2 };


// A request, or false with an exception raised in t (an argument that cannot be pickled).
bool make_request(Kernel& k, Thread& t, Op op, std::int32_t referent, std::string_view name,
                  std::span<const Value> args, std::string& out) {
  put(out, static_cast<std::uint8_t>(op));
  put(out, referent);
  put_str(out, name);
  out += 'l';
  put(out, static_cast<std::uint32_t>(args.size()));
  for (Value a : args)
    if (!pickle(k, t, a, out)) return false;
  return true;
}

std::string error_reply(std::string_view type, std::string_view message) {
  std::string r;
  put(r, static_cast<std::uint8_t>(kError));
  put_str(r, type);
  put_str(r, message);
  return r;
}

std::atomic<int> g_manager_count{0}; // distinct addresses for managers made by one process

// [SECTION] the client side: Manager and proxies

class RealManager;
Value make_proxy(Kernel& k, ProcId p, ObjId manager, std::int32_t referent, std::string type);

// Resumes t with what a reply says: a value, a new proxy, or an exception to raise. EOF: the server is gone.
void take_reply(Kernel& k, Thread& t, ObjId manager, const std::string* reply) {
  if (!reply) return raise_later(k, t, "EOFError", "");
  std::string_view in = *reply;
  std::uint8_t status = kError;
  if (!get(in, status)) return raise_later(k, t, "EOFError", "");
  if (status == kValue) {
    Value v;
    if (!unpickle(k, t.proc, in, v)) return raise_later(k, t, "UnpicklingError", "pickle data was truncated");
    k.push_result(t, v);
  } else if (status == kReferent) {
    std::int32_t referent = kNone;
    std::string type;
    if (!get(in, referent) || !get_str(in, type)) return raise_later(k, t, "EOFError", "");
    k.push_result(t, make_proxy(k, t.proc, manager, referent, std::move(type)));
  } else {
    std::string type, message;
    if (!get_str(in, type) || !get_str(in, message)) return raise_later(k, t, "EOFError", "");
    raise_later(k, t, type, message);
  }
}

class RealManager final : public Object {
public:
  int listen_fd = -1;
  std::string address; // abstract socket name (leading NUL)
  ProcId server = kNone;
  ObjId process = kNone;
  bool shut = false;
  std::map<ThreadId, int> conns; // this process's connections to the server, one per client thread

  ~RealManager() override {
    if (listen_fd >= 0) ::close(listen_fd);
    for (const auto& [t, fd] : conns) ::close(fd);
  }

  std::string_view kind() const override { return "SyncManager"; }
  std::string repr(const Kernel& k) const override {
    std::string s = "<multiprocessing.managers.SyncManager";
    if (server != kNone) s += " server pid=" + std::to_string(k.processes()[server].pid);
    return s + (shut ? " shut down>" : ">");
  }

  // t's connection, made on first use; -1 with errno set if the server cannot be reached.
  int connection(const Thread& t) {
    if (auto it = conns.find(t.id); it != conns.end()) return it->second;
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, address.data(), address.size());
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address.size());
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), len) != 0) {
      const int e = errno;
      ::close(fd);
      errno = e;
      return -1;
    }
    conns.emplace(t.id, fd);
    return fd;
  }

  // A proxy call: the request and the reply travel while t waits without the GIL.
  Outcome round_trip(Call& c, Op op, std::int32_t referent, std::string_view method, std::span<const Value> args) {
    Kernel& k = c.sim;
    if (shut) return k.raise(c.t, "OSError", "the manager has been shut down");
    std::string req;
    if (!make_request(k, c.t, op, referent, method, args, req)) return Outcome::Raised;
    const int fd = connection(c.t);
    if (fd < 0) return k.raise(c.t, "ConnectionRefusedError", "[Errno 111] Connection refused");
    auto reply = std::make_shared<std::string>();
    auto got = std::make_shared<bool>(false);
    return rt_of(c).os_call(c.t, *this, {
        .wait = [fd, op, req = std::move(req), reply, got](const std::atomic<bool>& stop) {
          if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return true;
          if (wait_fd(fd, POLLIN, -1, stop) < 0) return false;
          reply->resize(1 << 20);
          const ssize_t r = ::recv(fd, reply->data(), reply->size(), 0);
          if (r <= 0) return true; // the server is gone: EOFError
          reply->resize(static_cast<std::size_t>(r));
          *got = true;
          if (op == kShutdown) { // the server closes every connection as it exits
            char eof;
            const Ns deadline = monotonic_ns() + 1'000'000'000;
            while (wait_fd(fd, POLLIN, deadline, stop) > 0 && ::recv(fd, &eof, 1, 0) > 0) {
            }
          }
          return true;
        },
        .done = [mgr = id, reply, got](Kernel& kk, Thread& t) { take_reply(kk, t, mgr, *got ? reply.get() : nullptr); }});
  }

  // The same, waiting with the GIL and the kernel mutex held: for attribute reads and writes (ns.x), which
  // the interpreter needs answered at once. A local round trip takes tens of microseconds.
  bool round_trip_now(Kernel& k, Thread& t, Op op, std::int32_t referent, std::string_view attr,
                      std::span<const Value> args, Value& out) {
    std::string req;
    if (!make_request(k, t, op, referent, attr, args, req)) return false;
    const int fd = connection(t);
    std::string reply(1 << 20, '\0');
    ssize_t r = -1;
    if (fd >= 0 && ::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()))
      r = ::recv(fd, reply.data(), reply.size(), 0);
    if (r > 0) reply.resize(static_cast<std::size_t>(r));
    const std::size_t depth = t.stack.size();
    take_reply(k, t, id, r > 0 ? &reply : nullptr);
    if (t.raise_pending) { // raise it now: the attribute access fails with it
      t.raise_pending = false;
      return false;
    }
    out = t.stack.size() > depth ? t.stack.back() : Value::none();
    t.stack.resize(depth);
    return true;
  }

  Outcome call(Call& c, Sym m) override {
    switch (m) {
    case Sym::list:
    case Sym::dict:
    case Sym::Namespace:
    case Sym::Lock:
    case Sym::Queue: return round_trip(c, kCreate, kNone, kSymbolNames[static_cast<int>(m)], c.args);
    case Sym::shutdown: { // the server replies, then exits; wait for that (CPython joins it for up to 1 s)
      if (shut) return Outcome::Done;
      Outcome o = round_trip(c, kShutdown, kNone, "shutdown", {});
      shut = true;
      return o;
    }
    default: return Object::call(c, m);
    }
  }

  Outcome call_named(Call& c, StrId m) override {
    Kernel& k = c.sim;
    const std::string& n = k.str(m);
    if (n == "$launch") { // fork the server; it inherits the listening socket
      if (server != kNone) return Outcome::Done;
      std::string ident = next_identity(k, c.t.proc);
      ProcessObject& po = start_helper_process(c, "SyncManager-" + ident, ident,
                                               Value::func(k.prelude("$manager_server")), {Value::obj(id)}, 0);
      server = po.proc;
      process = po.id;
      if (!named) name = po.name;
      ::close(listen_fd); // the server's copy listens; clients connect by address
      listen_fd = -1;
      return Outcome::Done;
    }
    if (n == "$wait_ready") return Outcome::Done; // it listened before the fork: connections queue up
    if (n == "$accept") return accept(c);
    return Object::call_named(c, m);
  }

private:
  Outcome accept(Call& c); // the server's main thread
};

class RealProxy final : public Object {
public:
  ObjId manager = kNone;    // the RealManager in this process's memory
  std::int32_t referent = kNone; // the object's id in the server
  std::string type;         // DictProxy, ListProxy, NamespaceProxy, AcquirerProxy, AutoProxy[Queue]

  std::string_view kind() const override { return type; }
  std::string repr(const Kernel&) const override { return "<" + type + " object, referent " + std::to_string(referent) + ">"; }

  Outcome call(Call& c, Sym m) override {
    return mgr(c.sim).round_trip(c, kMethod, referent, kSymbolNames[static_cast<int>(m)], c.args);
  }
  Outcome call_named(Call& c, StrId m) override {
    return mgr(c.sim).round_trip(c, kMethod, referent, c.sim.str(m), c.args);
  }
  bool get_attr(Kernel& k, Thread& t, StrId n, Value& out) override {
    if (type != "NamespaceProxy") return false;
    return mgr(k).round_trip_now(k, t, kGetAttr, referent, k.str(n), {}, out);
  }
  bool set_attr(Kernel& k, Thread& t, StrId n, Value v) override {
    if (type != "NamespaceProxy") return false;
    Value ignored;
    return mgr(k).round_trip_now(k, t, kSetAttr, referent, k.str(n), {&v, 1}, ignored);
  }

private:
  RealManager& mgr(Kernel& k) { return *dynamic_cast<RealManager*>(k.object(manager)); }
};

Value make_proxy(Kernel& k, ProcId p, ObjId manager, std::int32_t referent, std::string type) {
  auto o = std::make_unique<RealProxy>();
  o->manager = manager;
  o->referent = referent;
  o->type = std::move(type);
  return Value::obj(k.add_object(std::move(o), p));
}

// [SECTION] the server side: connections

class RealManagerConn final : public Object {
public:
  int fd = -1;
  ~RealManagerConn() override { ::close(fd); }
  std::string request;  // the one being served
  Op op = kMethod;
  std::string proxy_type; // of a referent just created
  bool shutting_down = false;

  std::string_view kind() const override { return "ManagerConnection"; }

  Outcome call_named(Call& c, StrId m) override {
    Kernel& k = c.sim;
    const std::string& n = k.str(m);
    if (n == "$start_handler") { // a thread for the new connection (serve_client)
      Process& server = k.process(c.t.proc);
      std::string tname = "Thread-" + std::to_string(++server.thread_counter) + " (serve_client)";
      const ThreadId h =
          k.create_thread(c.t.proc, tname, Value::func(k.prelude("$manager_handler")), {Value::obj(id)}, kNone, true);
      k.start_thread(h, 0);
      return Outcome::Done;
    }
    if (n == "$next") { // the client's next request, or False when it hangs up
      auto got = std::make_shared<bool>(false);
      auto msg = std::make_shared<std::string>();
      return rt_of(c).os_call(c.t, *this, {
          .wait = [fd = fd, msg, got](const std::atomic<bool>& stop) {
            if (wait_fd(fd, POLLIN, -1, stop) < 0) return false;
            msg->resize(1 << 20);
            const ssize_t r = ::recv(fd, msg->data(), msg->size(), 0);
            if (r > 0) {
              msg->resize(static_cast<std::size_t>(r));
              *got = true;
            }
            return true;
          },
          .done = [this, msg, got](Kernel&, Thread& t) {
            request = std::move(*msg);
            t.stack.push_back(Value::boolean(*got));
          }});
    }
    if (n == "$serve") return serve(c);
    if (n == "$reply") return reply(c);
    return Object::call_named(c, m);
  }

private:
  Outcome serve(Call& c) {
    Kernel& k = c.sim;
    std::string_view in = request;
    std::uint8_t raw_op = 0;
    std::int32_t referent = kNone;
    std::string what;
    Value args_v;
    if (!get(in, raw_op) || !get(in, referent) || !get_str(in, what) || !unpickle(k, c.t.proc, in, args_v))
      return k.raise(c.t, "EOFError", "");
    op = static_cast<Op>(raw_op);
    std::vector<Value> args;
    if (auto* l = k.as<ListObject>(args_v)) args = l->items;
    Call call{k, c.t, args};
    switch (op) {
    case kCreate: return create(call, what, c.ret);
    case kShutdown: shutting_down = true; return Outcome::Done;
    default: break;
    }
    if (referent < 0 || static_cast<std::size_t>(referent) >= k.object_count())
      return k.raise(c.t, "KeyError", "'" + std::to_string(referent) + "'");
    Object* o = k.object(referent);
    const StrId sid = k.intern(what);
    Outcome out = Outcome::Done;
    if (auto* ns = dynamic_cast<NamespaceObject*>(o); ns && (op == kGetAttr || op == kSetAttr)) {
      const Value ns_args[] = {Value::str(sid), call.arg(0)};
      Call nc{k, c.t, std::span<const Value>(ns_args, op == kGetAttr ? 1 : 2)};
      out = manager_namespace_op(nc, *ns, op == kGetAttr ? "$getattr" : "$setattr");
      c.ret = nc.ret;
      return out;
    }
    if (op != kMethod) return k.raise(c.t, "AttributeError", "'" + std::string(o->kind()) + "' has no attribute '" + what + "'");
    // A method of the referent, run by this handler thread: a Lock.acquire or Queue.get really waits here.
    if (auto* d = dynamic_cast<DictObject*>(o); d && manager_dict_method(call, *d, what, out)) {
    } else if (sid < static_cast<StrId>(Sym::count_)) {
      out = o->call(call, static_cast<Sym>(sid));
    } else {
      out = o->call_named(call, sid);
    }
    c.ret = call.ret;
    return out;
  }

  Outcome create(Call& c, const std::string& what, Value& out) {
    Kernel& k = c.sim;
    std::unique_ptr<Object> o = make_manager_referent(k, what, c.arg(0), proxy_type);
    if (!o) return k.raise(c.t, "AttributeError", "'SyncManager' object has no attribute '" + what + "'");
    out = Value::obj(k.add_object(std::move(o), c.t.proc));
    return Outcome::Done;
  }

  // In the handler's `finally`: the result, or the exception the request raised (which the handler clears,
  // so it carries on serving).
  Outcome reply(Call& c) {
    Kernel& k = c.sim;
    std::string r;
    const Exc err = c.t.exc;
    c.t.exc = {};
    if (err.active()) {
      r = error_reply(k.str(err.type), k.str(err.message));
    } else if (op == kCreate && c.arg(0).is_obj()) {
      put(r, static_cast<std::uint8_t>(kReferent));
      put(r, static_cast<std::int32_t>(c.arg(0).as_obj()));
      put_str(r, proxy_type);
    } else {
      put(r, static_cast<std::uint8_t>(kValue));
      if (!pickle(k, c.t, c.arg(0), r)) {
        const Exc bad = c.t.exc;
        c.t.exc = {};
        r = error_reply(k.str(bad.type), k.str(bad.message));
      }
    }
    (void)::send(fd, r.data(), r.size(), MSG_NOSIGNAL); // a client that hung up does not stop the server
    if (shutting_down) {
      k.kill_process(c.t.proc, 0); // the server exits: every thread of it ends here
      return c.t.state == ThreadState::Running ? Outcome::Done : Outcome::Blocked;
    }
    return Outcome::Done;
  }
};

Outcome RealManager::accept(Call& c) {
  auto fd = std::make_shared<int>(-1);
  return rt_of(c).os_call(c.t, *this, {
      .wait = [listen = listen_fd, fd](const std::atomic<bool>& stop) {
        for (;;) {
          if (wait_fd(listen, POLLIN, -1, stop) < 0) return false;
          *fd = ::accept4(listen, nullptr, nullptr, SOCK_CLOEXEC);
          if (*fd >= 0) return true;
          if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) return true;
        }
      },
      .done = [fd](Kernel& k, Thread& t) {
        if (*fd < 0) {
          t.stack.push_back(Value::none()); // the listening socket failed: the server stops accepting
          return;
        }
        auto conn = std::make_unique<RealManagerConn>();
        conn->fd = *fd;
        t.stack.push_back(Value::obj(k.add_object(std::move(conn), t.proc)));
      }});
}

} // namespace

} // namespace il::real

namespace il::real::ipc {

// [SECTION] Manager()

Outcome new_real_manager(Call& c) {
  Kernel& k = c.sim;
  if (process_object_of(k, c.t.proc).daemon)
    return k.raise(c.t, "AssertionError", "daemonic processes are not allowed to have children");
  if (!have_runtime(c, {"$manager_start", "$manager_server", "$manager_handler"})) return Outcome::Raised;
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) return k.raise(c.t, "OSError", std::string("socket: ") + std::strerror(errno));
  // An abstract address (no file to clean up): unique per process and manager.
  const std::string address = std::string(1, '\0') + "interleave-manager-" + std::to_string(::getpid()) + "-" +
                              std::to_string(g_manager_count.fetch_add(1));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, address.data(), address.size());
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address.size());
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), len) != 0 || ::listen(fd, 64) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return k.raise(c.t, "OSError", "cannot listen for the manager: " + why);
  }
  auto m = std::make_unique<RealManager>();
  m->listen_fd = fd;
  m->address = address;
  const ObjId id = k.add_object(std::move(m), c.t.proc);
  Value args[] = {Value::obj(id)};
  return k.invoke(c.t, Value::func(k.prelude("$manager_start")), args);
}

} // namespace il::real::ipc
