// multiprocessing, part 3: managers. Manager() starts a server process holding the real objects; users get
// proxies, and every proxy call is a round trip: the request travels to the server (the caller waits in I/O),
// a handler thread of the server runs it (one per client thread, as in CPython), the reply travels back.
//
// [SECTION] the round trip, shared by managers and proxies
// [SECTION] Manager
// [SECTION] connections: the server side
// [SECTION] proxies
#include <algorithm>
#include <cassert>

#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

bool is(const Kernel& sim, StrId m, std::string_view n) { return sim.str(m) == n; }

ManagerObject* manager_of(Kernel& sim, ObjId id) { return dynamic_cast<ManagerObject*>(sim.object(id)); }

// proxy.method(args...) as bytecode: `$proxy_call(proxy, method, [args...])`.
Outcome invoke_round_trip(Call& c, ObjId self, StrId method, std::span<const Value> args) {
  Kernel& sim = c.sim;
  auto l = std::make_unique<ListObject>();
  l->items.assign(args.begin(), args.end());
  Value a[] = {Value::obj(self), Value::str(method), Value::obj(sim.add_object(std::move(l), c.t.proc))};
  return sim.invoke(c.t, Value::func(sim.prelude("$proxy_call")), a);
}

void fail_waiters(Kernel& sim, WaitQueue& q, std::string_view type, std::string_view msg, ThreadId by, ObjId cause) {
  while (!q.empty()) sim.wake_raise(q.q.front(), type, msg, by, cause);
}

// [SECTION] the round trip, shared by managers and proxies

// The client half of a request: hand it to the connection's handler (or to the server's accepter for a new
// connection), then wait for the reply.
Outcome submit(Call& c, ManagerObject& mgr, ObjId target, Value method, Value args) {
  Kernel& sim = c.sim;
  if (mgr.shut || mgr.server == kNone || !sim.process(mgr.server).alive)
    return sim.raise(c.t, "BrokenPipeError", "[Errno 32] Broken pipe");
  ManagerConnObject& conn = mgr.conn_for(sim, c.t);
  assert(!conn.has_request && !conn.serving); // one request at a time per client thread
  conn.target = target;
  conn.method = method.tag == Tag::Str ? method.as_str() : sim.intern("?");
  conn.args.clear();
  Copier pickle(sim, mgr.server);
  if (auto* l = sim.as<ListObject>(args))
    for (Value v : l->items) conn.args.push_back(pickle.copy(v));
  conn.reply = Value::none();
  conn.error = {};
  if (conn.handler != kNone && !conn.requests.empty()) { // its handler thread is idle: start it
    conn.serving = true;
    sim.wake(conn.requests.q.front(), Value::boolean(true), c.t.id, conn.id);
  } else {
    conn.has_request = true;
    if (conn.handler == kNone) {
      // A new connection: the server's main thread accepts it and starts a handler thread for it.
      if (!mgr.accepting.empty()) sim.wake(mgr.accepting.q.front(), Value::obj(conn.id), c.t.id, mgr.id);
      else if (std::find(mgr.pending.begin(), mgr.pending.end(), conn.id) == mgr.pending.end())
        mgr.pending.push_back(conn.id);
    }
  }
  sim.note_progress();
  return sim.park(c.t, conn, conn.replies, -1, Value::none());
}

// $transit, $call and $result: the three steps of `$proxy_call` that are not the server's.
bool round_trip_step(Call& c, ManagerObject& mgr, ObjId target, StrId m, Outcome& out) {
  Kernel& sim = c.sim;
  if (is(sim, m, "$transit")) {
    out = sim.sleep(c.t, kManagerLatencyNs, ThreadState::Io);
    return true;
  }
  if (is(sim, m, "$call")) {
    out = submit(c, mgr, target, c.arg(0), c.arg(1));
    return true;
  }
  if (is(sim, m, "$result")) {
    ManagerConnObject& conn = mgr.conn_for(sim, c.t);
    if (conn.error.active()) {
      Exc e = conn.error;
      conn.error = {};
      out = sim.raise(c.t, sim.str(e.type), sim.str(e.message));
    } else {
      c.ret = conn.reply;
      conn.reply = Value::none();
      out = Outcome::Done;
    }
    return true;
  }
  return false;
}

} // namespace

// [SECTION] Manager

Outcome new_manager(Call& c) {
  Kernel& sim = c.sim;
  if (process_object_of(sim, c.t.proc).daemon)
    return sim.raise(c.t, "AssertionError", "daemonic processes are not allowed to have children");
  if (!have_runtime(c, {"$manager_start", "$manager_server", "$manager_handler", "$proxy_call"}))
    return Outcome::Raised;
  ObjId id = sim.add_object(std::make_unique<ManagerObject>(), c.t.proc);
  Value a[] = {Value::obj(id)};
  return sim.invoke(c.t, Value::func(sim.prelude("$manager_start")), a);
}

ManagerConnObject& ManagerObject::conn_for(Kernel& sim, Thread& client) {
  for (ObjId cid : conns) {
    auto* conn = dynamic_cast<ManagerConnObject*>(sim.object(cid));
    if (conn->client == client.id) return *conn;
  }
  auto o = std::make_unique<ManagerConnObject>();
  o->manager = id;
  o->client = client.id;
  o->name = name + ".conn(" + sim.process(client.proc).name + " " + client.name + ")";
  o->named = true;
  ObjId cid = sim.add_object(std::move(o), client.proc);
  conns.push_back(cid);
  return *dynamic_cast<ManagerConnObject*>(sim.object(cid));
}

void ManagerObject::owners(const Kernel& sim, std::vector<ThreadId>& out) const {
  // Waiting for the server to listen means waiting for its main thread.
  if (!ready && server != kNone && sim.processes()[server].alive) out.push_back(sim.processes()[server].main);
}

std::string ManagerObject::repr(const Kernel& sim) const {
  std::string s = "<multiprocessing.managers.SyncManager";
  if (server != kNone) s += " server pid=" + std::to_string(sim.processes()[server].pid);
  return s + (shut ? " shut down>" : ">");
}

Outcome ManagerObject::call(Call& c, Sym m) {
  Kernel& sim = c.sim;
  switch (m) {
  case Sym::list:
  case Sym::dict:
  case Sym::Namespace:
  case Sym::Lock:
  case Sym::Queue: return invoke_round_trip(c, id, sym_id(m), c.args); // the server makes the object
  case Sym::acquire: c.ret = Value::obj(id); return Outcome::Done; // `with Manager() as m:` is the manager
  case Sym::release:                                                   // and leaving the block shuts it down
  case Sym::shutdown: {
    if (shut) return Outcome::Done;
    shut = true;
    // The server exits; requests in flight get the end of their connection.
    if (server != kNone && sim.process(server).alive) sim.kill_process(server, 0);
    for (ObjId cid : conns) {
      auto* conn = dynamic_cast<ManagerConnObject*>(sim.object(cid));
      fail_waiters(sim, conn->replies, "EOFError", "", c.t.id, cid);
    }
    while (!starting.empty()) sim.wake(starting.q.front(), Value::none(), c.t.id, id);
    sim.note_progress();
    if (c.t.state != ThreadState::Running) return Outcome::Blocked; // called from inside the server
    return sim.sleep(c.t, 2 * kManagerLatencyNs, ThreadState::Io); // the request and its acknowledgement
  }
  default: return Object::call(c, m);
  }
}

Outcome ManagerObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  Outcome out;
  if (round_trip_step(c, *this, id, m, out)) return out;
  if (is(sim, m, "$launch")) { // fork (or spawn) the server process
    if (server != kNone) return Outcome::Done;
    std::string ident = next_identity(sim, c.t.proc);
    ProcessObject& po = start_helper_process(c, "SyncManager-" + ident, ident,
                                             Value::func(sim.prelude("$manager_server")), {Value::obj(id)}, 0);
    server = po.proc;
    process = po.id;
    if (!named) name = po.name;
    return sim.work(c.t, process_start_cost(sim, c.t.proc));
  }
  if (is(sim, m, "$wait_ready")) { // the parent reads the server's address from a pipe
    if (ready || shut) return Outcome::Done;
    return sim.park(c.t, *this, starting, -1, Value::none());
  }
  if (is(sim, m, "$accept")) { // the server's main thread
    if (!ready) {
      ready = true;
      while (!starting.empty()) sim.wake(starting.q.front(), Value::none(), c.t.id, id);
    }
    if (shut) return Outcome::Done;
    if (!pending.empty()) {
      c.ret = Value::obj(pending.front());
      pending.pop_front();
      return Outcome::Done;
    }
    return sim.park(c.t, *this, accepting, -1, Value::none());
  }
  return Object::call_named(c, m);
}

// [SECTION] connections: the server side

void ManagerConnObject::owners(const Kernel& sim, std::vector<ThreadId>& out) const {
  if (!has_request && !serving) return;
  if (handler != kNone) {
    out.push_back(handler);
    return;
  }
  auto* mgr = dynamic_cast<const ManagerObject*>(sim.object(manager));
  if (mgr && mgr->server != kNone && sim.processes()[mgr->server].alive)
    out.push_back(sim.processes()[mgr->server].main); // not accepted yet: the accepter
}

namespace {

// manager.list() and friends, run by a handler thread: the object lives in the server, the client gets a proxy.
Outcome create_referent(Call& c, ManagerObject& mgr, const ManagerConnObject& conn, const std::string& what) {
  Kernel& sim = c.sim;
  std::string type;
  std::unique_ptr<Object> o = make_manager_referent(sim, what, c.arg(0), type);
  if (!o) return sim.raise(c.t, "AttributeError", "'SyncManager' object has no attribute '" + what + "'");
  ObjId ref = sim.add_object(std::move(o), mgr.server);
  auto p = std::make_unique<ProxyObject>();
  p->manager = mgr.id;
  p->referent = ref;
  p->proxy_type = type;
  p->home_sim = &sim;
  c.ret = Value::obj(sim.add_object(std::move(p), sim.thread(conn.client).proc));
  return Outcome::Done;
}

} // namespace

std::unique_ptr<Object> make_manager_referent(Kernel& sim, const std::string& what, Value init, std::string& type) {
  if (what == "list") {
    auto l = std::make_unique<ListObject>();
    if (auto* from = sim.as<ListObject>(init)) l->items = from->items;
    type = "ListProxy";
    return l;
  }
  if (what == "dict") {
    auto d = std::make_unique<DictObject>();
    if (auto* from = sim.as<DictObject>(init)) {
      d->keys = from->keys;
      d->vals = from->vals;
    }
    type = "DictProxy";
    return d;
  }
  if (what == "Namespace") {
    type = "NamespaceProxy";
    return std::make_unique<NamespaceObject>();
  }
  if (what == "Lock") {
    type = "AcquirerProxy";
    return std::make_unique<LockObject>();
  }
  if (what == "Queue") {
    auto q = std::make_unique<QueueObject>();
    q->maxsize = init.tag == Tag::Int ? init.i : 0;
    type = "AutoProxy[Queue]";
    return q;
  }
  return nullptr;
}

Outcome manager_namespace_op(Call& c, NamespaceObject& ns, const std::string& what) {
  Kernel& sim = c.sim;
  Value key = c.arg(0);
  if (key.tag != Tag::Str) return sim.raise(c.t, "TypeError", "attribute name must be string");
  for (std::size_t i = 0; i < ns.names.size(); ++i) {
    if (ns.names[i] != key.as_str()) continue;
    if (what == "$getattr") c.ret = ns.vals[i];
    else ns.vals[i] = c.arg(1);
    return Outcome::Done;
  }
  if (what == "$getattr")
    return sim.raise(c.t, "AttributeError", "'Namespace' object has no attribute '" + sim.str(key.as_str()) + "'");
  ns.names.push_back(key.as_str());
  ns.vals.push_back(c.arg(1));
  return Outcome::Done;
}

bool manager_dict_method(Call& c, DictObject& d, const std::string& what, Outcome& out) {
  Kernel& sim = c.sim;
  auto new_list = [&](std::vector<Value> items) {
    auto l = std::make_unique<ListObject>();
    l->items = std::move(items);
    return Value::obj(sim.add_object(std::move(l), c.t.proc));
  };
  out = Outcome::Done;
  if (what == "keys") c.ret = new_list(d.keys);
  else if (what == "values") c.ret = new_list(d.vals);
  else if (what == "items") {
    std::vector<Value> pairs;
    for (std::size_t i = 0; i < d.keys.size(); ++i) { // (key, value) tuples, as DictProxy.items() returns
      auto pair = std::make_unique<TupleObject>();
      pair->items = {d.keys[i], d.vals[i]};
      pairs.push_back(Value::obj(sim.add_object(std::move(pair), c.t.proc)));
    }
    c.ret = new_list(std::move(pairs));
  } else if (what == "copy") {
    auto n = std::make_unique<DictObject>();
    n->keys = d.keys;
    n->vals = d.vals;
    c.ret = Value::obj(sim.add_object(std::move(n), c.t.proc));
  } else if (what == "clear") {
    d.keys.clear();
    d.vals.clear();
  } else if (what == "pop") {
    int at = d.find(sim, c.arg(0));
    if (at < 0) {
      if (c.args.size() >= 2) c.ret = c.arg(1);
      else out = sim.raise(c.t, "KeyError", sim.repr(c.arg(0)));
      return true;
    }
    c.ret = d.vals[at];
    d.keys.erase(d.keys.begin() + at);
    d.vals.erase(d.vals.begin() + at);
  } else {
    return false;
  }
  return true;
}

namespace {

// The operation itself, in the handler thread; it may block (a Lock, a Queue) or raise.
Outcome serve(Call& hc, ManagerConnObject& conn) {
  Kernel& sim = hc.sim;
  Call c{sim, hc.t, conn.args};
  Object* target = sim.object(conn.target);
  const std::string what = sim.str(conn.method);
  Outcome o;
  if (auto* mgr = dynamic_cast<ManagerObject*>(target)) {
    o = create_referent(c, *mgr, conn, what);
  } else if (auto* ns = dynamic_cast<NamespaceObject*>(target)) {
    o = manager_namespace_op(c, *ns, what);
  } else if (auto* d = dynamic_cast<DictObject*>(target); d && manager_dict_method(c, *d, what, o)) {
  } else if (conn.method < static_cast<StrId>(Sym::count_)) {
    o = target->call(c, static_cast<Sym>(conn.method));
  } else {
    o = target->call_named(c, conn.method);
  }
  hc.ret = c.ret;
  return o;
}

} // namespace

Outcome ManagerConnObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  ManagerObject* mgr = manager_of(sim, manager);
  assert(mgr);
  if (is(sim, m, "$start_handler")) { // the accepter starts a thread for the new connection
    Process& server = sim.process(c.t.proc);
    std::string tname = "Thread-" + std::to_string(++server.thread_counter) + " (serve_client)";
    Value me = Value::obj(id);
    handler = sim.create_thread(c.t.proc, tname, Value::func(sim.prelude("$manager_handler")), {me}, kNone, true);
    sim.start_thread(handler, sim.config().thread_create_ns);
    return sim.work(c.t, sim.config().thread_create_ns);
  }
  if (is(sim, m, "$next")) { // the handler waits for its client's next request
    if (has_request) {
      has_request = false;
      serving = true;
      c.ret = Value::boolean(true);
      return Outcome::Done;
    }
    if (mgr->shut) {
      c.ret = Value::boolean(false);
      return Outcome::Done;
    }
    return sim.park(c.t, *this, requests, -1, Value::boolean(false));
  }
  if (is(sim, m, "$serve")) return serve(c, *this);
  if (is(sim, m, "$reply")) {
    // In a `finally`: an exception from the operation is still pending; it goes back to the client instead
    // of ending the handler thread.
    serving = false;
    if (c.t.exc.active()) {
      error = c.t.exc;
      c.t.exc = {};
      reply = Value::none();
    } else {
      error = {};
      reply = Copier(sim, sim.thread(client).proc).copy(c.arg(0));
    }
    if (!replies.empty()) sim.wake(replies.q.front(), Value::none(), c.t.id, id);
    sim.note_progress();
    return work_then(c, kManagerServeNs, Value::none());
  }
  return Object::call_named(c, m);
}

// [SECTION] proxies

std::string NamespaceObject::repr(const Kernel& sim) const {
  std::string s = "Namespace(";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + sim.str(names[i]) + "=" + sim.repr(vals[i]);
  return s + ")";
}

Outcome ProxyObject::call(Call& c, Sym m) { return invoke_round_trip(c, id, sym_id(m), c.args); }

Outcome ProxyObject::call_named(Call& c, StrId m) {
  ManagerObject* mgr = manager_of(c.sim, manager);
  assert(mgr);
  Outcome out;
  if (round_trip_step(c, *mgr, referent, m, out)) return out;
  return invoke_round_trip(c, id, m, c.args);
}

bool ProxyObject::get_attr(Kernel& sim, Thread& t, StrId n, Value& out) {
  if (proxy_type != "NamespaceProxy") return false;
  // ns.x is a round trip too: run `$proxy_call` as if the attribute read were a call. The interpreter then
  // pushes `out` into the new frame, below its operands, where it is never read.
  Value name_v = Value::str(n);
  Call c{sim, t, {&name_v, 1}};
  if (invoke_round_trip(c, id, sim.intern("$getattr"), c.args) != Outcome::Invoked) return false;
  out = Value::none();
  return true;
}

bool ProxyObject::set_attr(Kernel& sim, Thread& t, StrId n, Value v) {
  if (proxy_type != "NamespaceProxy") return false;
  Value a[] = {Value::str(n), v};
  Call c{sim, t, a};
  if (invoke_round_trip(c, id, sim.intern("$setattr"), c.args) != Outcome::Invoked) return false;
  t.frames.back().discard_result = true; // an assignment has no value
  return true;
}

std::int64_t ProxyObject::length() const {
  // len(proxy) and truth tests read the referent directly (a shortcut: CPython makes a round trip).
  return home_sim ? home_sim->object(referent)->length() : -1;
}

std::string ProxyObject::repr(const Kernel& s) const { return s.object(referent)->repr(s); }

} // namespace il
