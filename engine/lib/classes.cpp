// User classes: a class statement's class (methods and class attributes, one base), its instances with their
// own attributes, bound methods, and subclasses of threading.Thread whose run() the new thread calls.
#include <algorithm>
#include <cstdio>

#include "lib/format.hpp"
#include "machine/interp.hpp"
#include "machine/objects.hpp"

namespace il {

namespace {

Value* find_attr(std::vector<std::pair<StrId, Value>>& attrs, StrId name) {
  for (auto& [k, v] : attrs)
    if (k == name) return &v;
  return nullptr;
}

} // namespace

bool class_lookup(const Kernel& sim, ObjId cls, StrId name, Value& out) {
  for (int depth = 0; cls != kNone && depth < 1000; ++depth) {
    const auto* c = dynamic_cast<const ClassObject*>(sim.object(cls));
    if (!c) return false;
    for (const auto& [k, v] : c->attrs)
      if (k == name) {
        out = v;
        return true;
      }
    cls = c->base;
  }
  return false;
}

bool user_get_attr(Kernel& sim, Thread& t, Value self, StrId name, Value& out, Value* getter) {
  Object* o = sim.object(self.as_obj());
  if (const DescriptorObject* p = class_property(sim, self, name)) [[unlikely]] {
    if (p->fn.is_none()) {
      sim.raise(t, "AttributeError", "property '" + sim.str(name) + "' of '" + type_name(sim, self) + "' object has no getter");
      return false;
    }
    if (!getter || !is_function(sim, p->fn)) {
      sim.raise(t, "NotImplementedError", "reading the property '" + sim.str(name) + "' of a '" + type_name(sim, self) +
                                              "' object here is not supported by the simulator");
      return false;
    }
    *getter = p->fn;
    out = Value::none();
    return true;
  }
  if (Value* v = find_attr(o->dict, name)) {
    out = *v;
    return true;
  }
  if (o->cls == kNone || !class_lookup(sim, o->cls, name, out)) return false;
  if (is_function(sim, out)) { // a function found on the class is a method of this instance
    auto m = std::make_unique<BoundMethodObject>();
    m->self = self;
    m->fn = out;
    out = Value::obj(sim.add_object(std::move(m), t.proc));
  } else {
    out = class_attribute(sim, t, o->cls, out);
  }
  return true;
}

// [SECTION] staticmethod, classmethod, property

const DescriptorObject* class_property(const Kernel& sim, Value self, StrId name) {
  if (!self.is_obj()) return nullptr;
  const Object* o = sim.object(self.as_obj());
  bool any = false; // most classes have none: a flag per class spares the lookup
  ObjId k = o->cls;
  for (int depth = 0; k != kNone && !any && depth < 1000; ++depth) {
    const auto* c = sim.as<ClassObject>(Value::obj(k));
    if (!c) break;
    any = c->has_property;
    k = c->base;
  }
  Value found;
  if (!any || !class_lookup(sim, o->cls, name, found)) return nullptr;
  const auto* d = sim.as<DescriptorObject>(found);
  return d && d->which == DescriptorObject::Kind::Property ? d : nullptr;
}

Outcome set_property(Call& c, Value self, const DescriptorObject& p, StrId name, Value v, bool del, bool statement) {
  Kernel& sim = c.sim;
  const Value fn = del ? p.fdel : p.fset;
  if (fn.is_none())
    return sim.raise(c.t, "AttributeError", "property '" + sim.str(name) + "' of '" + type_name(sim, self) + "' object has no " +
                                                (del ? "deleter" : "setter"));
  if (!is_function(sim, fn))
    return sim.raise(c.t, "NotImplementedError", std::string("a property whose ") + (del ? "fdel" : "fset") +
                                                      " is not a Python function is not supported by the simulator");
  Call inner{sim, c.t, del ? std::span<const Value>() : std::span<const Value>(&v, 1)};
  const Outcome o = call_user_method(inner, self, fn);
  if (o == Outcome::Invoked && statement) c.t.frames.back().discard_result = true;
  c.ret = inner.ret;
  return o;
}

Value class_attribute(Kernel& sim, Thread& t, ObjId cls, Value found) {
  const auto* d = sim.as<DescriptorObject>(found);
  if (!d || d->which == DescriptorObject::Kind::Property) return found; // C.prop is the property itself
  if (d->which == DescriptorObject::Kind::Static) return d->fn;
  auto m = std::make_unique<BoundMethodObject>(); // a classmethod: bound to the class
  m->self = Value::obj(cls);
  m->fn = d->fn;
  return Value::obj(sim.add_object(std::move(m), t.proc));
}

std::string_view DescriptorObject::kind() const {
  switch (which) {
  case Kind::Static: return "staticmethod";
  case Kind::Class: return "classmethod";
  case Kind::Property: return "property";
  }
  return "property";
}

Outcome DescriptorObject::call_named(Call& c, StrId m) {
  Kernel& sim = c.sim;
  const std::string& name = sim.str(m);
  if (which != Kind::Property || (name != "setter" && name != "getter" && name != "deleter")) return Object::call_named(c, m);
  if (c.npos() != 1 || !c.kwnames.empty())
    return sim.raise(c.t, "TypeError", "property." + name + "() takes exactly one argument (" + std::to_string(c.args.size()) + " given)");
  auto p = std::make_unique<DescriptorObject>(*this); // a copy with that function: @x.setter
  p->id = kNone;
  (name == "setter" ? p->fset : name == "getter" ? p->fn : p->fdel) = c.arg(0);
  c.ret = Value::obj(sim.add_object(std::move(p), c.t.proc));
  return Outcome::Done;
}

bool DescriptorObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)t;
  const std::string& a = sim.str(attr);
  if (which != Kind::Property && (a == "__func__" || a == "__wrapped__")) out = fn;
  else if (which == Kind::Property && a == "fget") out = fn;
  else if (which == Kind::Property && a == "fset") out = fset;
  else if (which == Kind::Property && a == "fdel") out = fdel;
  else if (a == "__doc__") { // a property's doc, else its getter's docstring
    out = doc;
    if (out.is_none()) {
      const auto* value = sim.as<FunctionObject>(fn);
      const FuncId f = fn.tag == Tag::Func ? static_cast<FuncId>(fn.i) : value ? value->fn : kNone;
      if (f != kNone && !sim.program().functions[f].doc.empty()) out = Value::str(sim.intern(sim.program().functions[f].doc));
    }
  } else return false;
  return true;
}

std::string DescriptorObject::repr(const Kernel& sim) const {
  char at[32];
  std::snprintf(at, sizeof at, "0x%llx", static_cast<unsigned long long>(identity_address(Value::obj(id))));
  if (which == Kind::Property) return std::string("<property object at ") + at + ">";
  return std::string("<") + std::string(kind()) + "(" + sim.repr(fn) + ")>";
}

// [SECTION] type()

std::string TypeObject::repr(const Kernel& sim) const {
  (void)sim;
  return "<class '" + (module.empty() ? "" : module + ".") + type_name + "'>";
}

bool TypeObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)t;
  const std::string n = sim.str(attr);
  if (n == "__name__" || n == "__qualname__") out = Value::str(sim.intern(type_name));
  else if (n == "__module__") out = Value::str(sim.intern(module.empty() ? "builtins" : module));
  else return false;
  return true;
}

Outcome type_of(Call& c, Value v) {
  Kernel& sim = c.sim;
  if (v.is_obj() && sim.object(v.as_obj())->cls != kNone) { // a user class's instance: its class
    c.ret = Value::obj(sim.object(v.as_obj())->cls);
    return Outcome::Done;
  }
  // CPython's module and name for the simulator's types.
  static constexpr std::pair<std::string_view, std::string_view> kModules[] = {
      {"Thread", "threading"}, {"Timer", "threading"}, {"Event", "threading"}, {"Condition", "threading"},
      {"Semaphore", "threading"}, {"BoundedSemaphore", "threading"}, {"Barrier", "threading"},
      {"Queue", "queue"}, {"LifoQueue", "queue"}, {"PriorityQueue", "queue"}, {"SimpleQueue", "_queue"},
      {"Process", "multiprocessing.context"}, {"Popen", "subprocess"}, {"CompletedProcess", "subprocess"}};
  auto t = std::make_unique<TypeObject>();
  t->type_name = type_name(sim, v);
  if (t->type_name == "Lock") t->module = "_thread", t->type_name = "lock";
  else if (t->type_name == "RLock") t->module = "_thread";
  else if (t->type_name == "local") t->module = "_thread", t->type_name = "_local";
  for (const auto& [k, m] : kModules)
    if (k == t->type_name) t->module = m;
  if (const auto* th = sim.as<ThreadObject>(v)) t->type_name = th->class_name(sim); // _MainThread, _DummyThread
  c.ret = Value::obj(sim.add_object(std::move(t), c.t.proc));
  return Outcome::Done;
}

std::vector<std::string> attribute_names(const Kernel& sim, const Object& o) {
  std::vector<std::string> names = {"__class__", "__delattr__", "__dict__", "__dir__", "__doc__", "__eq__",
                                    "__format__", "__ge__", "__getattribute__", "__getstate__", "__gt__",
                                    "__hash__", "__init__", "__init_subclass__", "__le__", "__lt__", "__module__",
                                    "__ne__", "__new__", "__reduce__", "__reduce_ex__", "__repr__", "__setattr__",
                                    "__sizeof__", "__str__", "__subclasshook__", "__weakref__"};
  for (const auto& [k, v] : o.dict) names.push_back(sim.str(k));
  ObjId cls = o.cls;
  for (int depth = 0; cls != kNone && depth < 1000; ++depth) {
    const auto* c = dynamic_cast<const ClassObject*>(sim.object(cls));
    if (!c) break;
    for (const auto& [k, v] : c->attrs) names.push_back(sim.str(k));
    cls = c->base;
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool user_set_attr(Kernel& sim, Value self, StrId name, Value v) {
  Object* o = sim.object(self.as_obj());
  if (o->cls == kNone) return false; // a lock or a queue takes no new attributes, as in CPython
  if (Value* slot = find_attr(o->dict, name)) *slot = v;
  else o->dict.emplace_back(name, v);
  return true;
}

bool user_method(Kernel& sim, Value self, StrId name, Value& out) {
  Object* o = sim.object(self.as_obj());
  if (Value* v = find_attr(o->dict, name)) { // stored on the instance: called as it is (no self)
    auto m = std::make_unique<BoundMethodObject>();
    m->fn = *v;
    m->unbound = true;
    out = Value::obj(sim.add_object(std::move(m), o->owner));
    return true;
  }
  return o->cls != kNone && class_lookup(sim, o->cls, name, out);
}

Outcome call_user_method(Call& c, Value self, Value fn) {
  Kernel& sim = c.sim;
  if (auto* b = sim.as<BoundMethodObject>(fn); b && b->unbound) fn = b->fn, self = Value::none();
  if (const auto* d = sim.as<DescriptorObject>(fn)) [[unlikely]] { // found on the class: obj.static(), obj.cls_method()
    if (d->which == DescriptorObject::Kind::Static) return call_value(c, d->fn);
    if (d->which == DescriptorObject::Kind::Property)
      return sim.raise(c.t, "NotImplementedError", "calling what a property returns, in one step, is not supported by the simulator");
    const ObjId cls = self.is_obj() ? sim.object(self.as_obj())->cls : kNone;
    self = cls != kNone ? Value::obj(cls) : self;
    fn = d->fn;
  }
  if (!is_function(sim, fn) || self.is_none()) return call_value(c, fn); // a callable stored on the instance: no self
  std::vector<Value> a;
  a.reserve(c.args.size() + 1);
  a.push_back(self);
  a.insert(a.end(), c.args.begin(), c.args.end());
  Call with_self{sim, c.t, a};
  with_self.kwnames = c.kwnames;
  const Outcome o = call_value(with_self, fn);
  c.ret = with_self.ret;
  return o;
}

// [SECTION] isinstance, issubclass, getattr, hasattr, setattr

namespace {

// The builtin classes a program names by name (isinstance(x, int)): each one's base.
std::string_view builtin_base(std::string_view n) {
  static constexpr std::pair<std::string_view, std::string_view> kBases[] = {
      {"bool", "int"}, {"int", "object"}, {"float", "object"}, {"str", "object"}, {"list", "object"},
      {"tuple", "object"}, {"dict", "object"}, {"set", "object"}, {"type", "object"}, {"NoneType", "object"},
      {"BaseException", "object"}};
  for (const auto& [k, b] : kBases)
    if (k == n) return b;
  return {};
}

bool builtin_class(const Kernel& sim, std::string_view n) {
  return !builtin_base(n).empty() || n == "object" || sim.is_exception_class(n);
}

// Is builtin class `sub` (a name) the builtin class `base` or derived from it?
bool builtin_subclass(const Kernel& sim, std::string_view sub, std::string_view base) {
  if (base == "object") return true;
  if (sim.is_exception_class(sub) && sub != "BaseException") return sim.exception_matches(sub, base);
  for (std::string_view at = sub; !at.empty(); at = builtin_base(at))
    if (at == base) return true;
  return false;
}

// The builtin class of v, by name: int, str, list, ..., an exception's type; "" for other objects.
std::string builtin_class_of(const Kernel& sim, Value v) {
  if (const auto* e = sim.as<ExceptionObject>(v)) return e->type;
  if (v.is_obj() && sim.object(v.as_obj())->cls != kNone) return {};
  const std::string n = type_name(sim, v);
  return builtin_class(sim, n) ? n : std::string{};
}

// One class of isinstance's or issubclass's second argument against v (issubclass: v is a class); ok is
// false when spec is not a class.
bool matches_class(Kernel& sim, Value v, Value spec, bool subclass, bool& ok) {
  if (const auto* tuple = sim.as<TupleObject>(spec)) {
    for (Value s : tuple->items)
      if (matches_class(sim, v, s, subclass, ok) || !ok) return ok;
    return false;
  }
  ObjId cls = kNone; // v's user class (an instance's, or v itself for issubclass)
  std::string builtin; // or v's builtin class
  if (subclass) {
    if (sim.as<ClassObject>(v)) cls = v.as_obj();
    else if (v.tag == Tag::Str) builtin = sim.str(v.as_str());
    else if (const auto* ty = sim.as<TypeObject>(v)) builtin = ty->type_name; // type(e) of a builtin value
  } else {
    if (v.is_obj()) cls = sim.object(v.as_obj())->cls;
    builtin = builtin_class_of(sim, v);
  }
  if (const auto* ty = sim.as<TypeObject>(spec)) { // isinstance(x, type(y)) for a builtin or simulated type
    if (!builtin_class(sim, ty->type_name)) return !subclass && type_name(sim, v) == ty->type_name;
    spec = Value::str(sim.intern(ty->type_name));
  }
  if (spec.tag == Tag::Str) {
    const std::string& n = sim.str(spec.as_str());
    if (!builtin_class(sim, n)) return ok = false;
    for (ObjId c = cls; c != kNone;) { // a user class derives from object, and from its builtin exception
      const auto* k = sim.as<ClassObject>(Value::obj(c));
      if (!k) break;
      if (n == "object" || (!k->exception.empty() && builtin_subclass(sim, k->exception, n))) return true;
      c = k->base;
    }
    return !builtin.empty() && builtin_subclass(sim, builtin, n);
  }
  if (const auto* k = sim.as<ClassObject>(spec)) {
    for (ObjId c = cls; c != kNone;) {
      if (c == k->id) return true;
      const auto* at = sim.as<ClassObject>(Value::obj(c));
      c = at ? at->base : kNone;
    }
    return false;
  }
  if (const auto* nf = sim.as<NativeFunctionObject>(spec)) { // threading.Thread, queue.Queue, ...
    const std::string kind = subclass ? std::string{} : type_name(sim, v);
    const std::string_view name = nf->class_name();
    if (name.empty()) return ok = false;
    if (subclass) return cls != kNone && name == "Thread" && sim.as<ClassObject>(Value::obj(cls))->thread;
    return kind == name || (name == "Thread" && kind == "Timer") || (name == "Thread" && sim.as<ThreadObject>(v)) ||
           (name == "Queue" && (kind == "LifoQueue" || kind == "PriorityQueue"));
  }
  return ok = false;
}

bool sim_is_class(const Kernel& sim, Value v) {
  if (v.tag == Tag::Str) return builtin_class(sim, sim.str(v.as_str()));
  if (sim.as<TypeObject>(v)) return true;
  if (const auto* nf = sim.as<NativeFunctionObject>(v)) return !nf->class_name().empty();
  return sim.as<ClassObject>(v) != nullptr;
}

} // namespace

Outcome isinstance(Call& c, Value v, Value spec, bool subclass) {
  bool ok = true;
  const char* fn = subclass ? "issubclass" : "isinstance";
  if (subclass && !sim_is_class(c.sim, v)) return c.sim.raise(c.t, "TypeError", std::string(fn) + "() arg 1 must be a class");
  const bool yes = matches_class(c.sim, v, spec, subclass, ok);
  if (!ok)
    return c.sim.raise(c.t, "TypeError", std::string(fn) + "() arg 2 must be a " + (subclass ? "class" : "type") +
                                             ", a tuple of " + (subclass ? "classes" : "types") + ", or a union");
  c.ret = Value::boolean(yes);
  return Outcome::Done;
}

Outcome getattr_(Call& c, Value obj, Value name, Value fallback, std::string_view fn) {
  Kernel& sim = c.sim;
  if (name.tag != Tag::Str) return sim.raise(c.t, "TypeError", "attribute name must be string, not '" + type_name(sim, name) + "'");
  Value out, getter = Value::unbound();
  if (load_attribute(sim, c.t, obj, name.as_str(), out, &getter)) {
    if (getter.tag != Tag::Unbound && fn == "getattr") { // a property: its fget(obj) (hasattr does not call it)
      Call inner{sim, c.t, {}};
      const Outcome o = call_user_method(inner, obj, getter);
      c.ret = inner.ret;
      return o;
    }
    c.ret = fn == "hasattr" ? Value::boolean(true) : out;
    return Outcome::Done;
  }
  if (fn == "getattr" && fallback.tag == Tag::Unbound) return Outcome::Raised;
  if (c.t.exc.type != sim.intern("AttributeError")) return Outcome::Raised; // hasattr lets other errors through
  c.t.exc = {};
  c.ret = fn == "hasattr" ? Value::boolean(false) : fallback;
  return Outcome::Done;
}

// [SECTION] ClassObject

Outcome ClassObject::call_self(Call& c) {
  Kernel& sim = c.sim;
  Value self;
  if (thread) {
    // A Thread subclass's instance is a Thread: named Thread-N, its run() the class's (if it has one).
    Value run{};
    class_lookup(sim, id, sim.intern("run"), run);
    const Value a[5] = {Value::none(), Value::none(), Value::none(), Value::none(), run};
    Call make{sim, c.t, a};
    if (call_native(Native::thread_new, make) != Outcome::Done) return Outcome::Raised;
    self = make.ret;
    auto* th = sim.as<ThreadObject>(self);
    auto empty = std::make_unique<TupleObject>();
    th->args = Value::obj(sim.add_object(std::move(empty), c.t.proc));
  } else if (!exception.empty()) { // BaseException.__new__ keeps the arguments as args, whatever __init__ does
    auto e = std::make_unique<ExceptionObject>();
    e->type = cls_name;
    auto args = std::make_unique<TupleObject>();
    args->items.assign(c.args.begin(), c.args.end());
    e->args = Value::obj(sim.add_object(std::move(args), c.t.proc));
    self = Value::obj(sim.add_object(std::move(e), c.t.proc));
  } else {
    auto inst = std::make_unique<InstanceObject>();
    inst->cls_name = cls_name;
    self = Value::obj(sim.add_object(std::move(inst), c.t.proc));
  }
  sim.object(self.as_obj())->cls = id;
  Value init;
  if (!class_lookup(sim, id, sim.intern("__init__"), init)) {
    if (!c.args.empty() && !thread && exception.empty()) return sim.raise(c.t, "TypeError", cls_name + "() takes no arguments");
    c.ret = self;
    return Outcome::Done;
  }
  const std::size_t depth = c.t.frames.size();
  Outcome o = call_user_method(c, self, init);
  if (o == Outcome::Invoked && c.t.frames.size() > depth) { // the call's value is the instance, not __init__'s None
    c.t.frames.back().returns_self = true;
    c.t.frames.back().self_value = self;
  }
  return o;
}

bool ClassObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  if (attr == sim.intern("__name__")) {
    out = Value::str(sim.intern(cls_name));
    return true;
  }
  if (!class_lookup(sim, id, attr, out)) return false;
  out = class_attribute(sim, t, id, out);
  return true;
}

bool ClassObject::set_attr(Kernel& sim, Thread& t, StrId attr, Value v) {
  (void)t;
  if (const auto* d = sim.as<DescriptorObject>(v); d && d->which == DescriptorObject::Kind::Property) has_property = true;
  if (Value* slot = find_attr(attrs, attr)) *slot = v;
  else attrs.emplace_back(attr, v);
  return true;
}

std::string InstanceObject::repr(const Kernel& sim) const {
  (void)sim;
  char addr[32];
  std::snprintf(addr, sizeof addr, "0x7f%010llx", static_cast<unsigned long long>(id) * 48 + 0x1000);
  if (cls == kNone) return "<" + cls_name + " object at " + addr + ">"; // object(): <object object at 0x...>
  return "<__main__." + cls_name + " object at " + addr + ">";
}

// [SECTION] ExceptionObject

bool ExceptionObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  if (type == "SystemExit" && attr == sim.intern("code")) { // sys.exit()'s argument: None, one value, or all
    const auto* a = args.is_obj() ? dynamic_cast<const ListObject*>(sim.object(args.as_obj())) : nullptr;
    out = !a || a->items.empty() ? Value::none() : a->items.size() == 1 ? a->items[0] : args;
    return true;
  }
  if (type == "StopIteration" && attr == sym_id(Sym::value)) { // a generator's return value: args[0], or None
    const auto* a = args.is_obj() ? dynamic_cast<const ListObject*>(sim.object(args.as_obj())) : nullptr;
    out = a && !a->items.empty() ? a->items[0] : Value::none();
    return true;
  }
  const std::string& n = sim.str(attr);
  if (n == "__context__" || n == "__cause__" || n == "__suppress_context__") {
    const Value v = n == "__context__" ? context : cause;
    if (n == "__suppress_context__") out = Value::boolean(cause.tag == Tag::Unbound || cause.is_obj()); // `from`
    else out = v.is_obj() ? v : Value::none();
    return true;
  }
  if (n == "__traceback__") { // where it was raised, once it was: <traceback object at 0x...>
    if (tb.empty()) out = Value::none();
    else {
      auto made = std::make_unique<InstanceObject>();
      made->cls_name = "traceback";
      out = Value::obj(sim.add_object(std::move(made), t.proc));
    }
    return true;
  }
  if (n != "args") return false;
  if (args.is_obj()) {
    out = args;
    return true;
  }
  auto made = std::make_unique<TupleObject>();
  if (!message.empty()) made->items.push_back(Value::str(sim.intern(message)));
  out = Value::obj(sim.add_object(std::move(made), t.proc));
  return true;
}

std::string ExceptionObject::repr(const Kernel& sim) const {
  const auto* a = args.is_obj() ? dynamic_cast<const ListObject*>(sim.object(args.as_obj())) : nullptr;
  if (!a) return type + "(" + (message.empty() ? "" : str_repr(message)) + ")";
  std::string s = type + "(";
  for (std::size_t i = 0; i < a->items.size(); ++i) s += (i ? ", " : "") + repr_value(sim, a->items[i]);
  return s + ")";
}

std::string ExceptionObject::str(const Kernel& sim) const {
  const auto* a = args.is_obj() ? dynamic_cast<const ListObject*>(sim.object(args.as_obj())) : nullptr;
  if (!a) return message;
  if (a->items.empty()) return "";
  if (a->items.size() == 1) return type == "KeyError" ? repr_value(sim, a->items[0]) : sim.display(a->items[0]);
  return repr_value(sim, args);
}

Value make_exception(Call& c, const std::string& type, std::vector<Value> args) {
  auto e = std::make_unique<ExceptionObject>();
  e->type = type;
  auto tuple = std::make_unique<TupleObject>();
  tuple->items = std::move(args);
  e->args = Value::obj(c.sim.add_object(std::move(tuple), c.t.proc));
  return Value::obj(c.sim.add_object(std::move(e), c.t.proc));
}

Value exception_object(Kernel& sim, Exc& e, ProcId p) {
  auto* obj = sim.as<ExceptionObject>(e.value);
  if (!obj) {
    auto made = std::make_unique<ExceptionObject>();
    made->type = e.active() ? sim.str(e.type) : "RuntimeError";
    made->message = e.active() && e.message != kNone ? sim.str(e.message) : "";
    e.value = Value::obj(sim.add_object(std::move(made), p));
    obj = sim.as<ExceptionObject>(e.value);
  }
  obj->tb = e.tb;
  obj->context = e.context;
  obj->cause = e.cause;
  return e.value;
}

Outcome raise_with_args(Call& c, const std::string& type, std::vector<Value> args) {
  const Value v = make_exception(c, type, std::move(args));
  c.sim.raise(c.t, type, c.sim.as<ExceptionObject>(v)->str(c.sim));
  c.t.exc.value = v;
  return Outcome::Raised;
}

// [SECTION] BoundMethodObject

Outcome BoundMethodObject::call_self(Call& c) {
  if (native != kNone && !of_type.empty()) { // str.lower(s): s's method, with the arguments after it
    Kernel& sim = c.sim;
    if (c.npos() == 0)
      return sim.raise(c.t, "TypeError", "unbound method " + of_type + "." + sim.str(native) + "() needs an argument");
    if (type_name(sim, c.args[0]) != of_type)
      return sim.raise(c.t, "TypeError", "descriptor '" + sim.str(native) + "' for '" + of_type + "' objects doesn't apply to a '" +
                                             type_name(sim, c.args[0]) + "' object");
    Call rest{sim, c.t, c.args.subspan(1), Value{}, c.kwnames};
    const Outcome o = call_method_by_name(rest, c.args[0], native);
    c.ret = rest.ret;
    return o;
  }
  if (native != kNone) return call_method_by_name(c, self, native);
  return call_user_method(c, unbound ? Value::none() : self, fn);
}

bool BoundMethodObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)t;
  const std::string& a = sim.str(attr);
  if (a == "__self__" && !unbound && of_type.empty()) {
    out = self;
    return true;
  }
  if (a != "__name__" && a != "__qualname__") return false;
  const auto* value = sim.as<FunctionObject>(fn);
  std::string name = native != kNone ? sim.str(native)
                     : fn.tag == Tag::Func ? sim.program().functions[fn.i].name
                     : value ? sim.program().functions[value->fn].name : "";
  if (name.empty()) return false;
  if (native != kNone) { // a builtin's method: list.append
    if (a == "__qualname__") name = (of_type.empty() ? type_name(sim, self) : of_type) + "." + name;
  } else if (a == "__name__") { // a user function's name is its qualified name's last part (A.hello)
    name = name.substr(name.rfind('.') + 1);
  }
  out = Value::str(sim.intern(name));
  return true;
}

std::string BoundMethodObject::repr(const Kernel& sim) const {
  if (native != kNone && !of_type.empty()) return "<method '" + sim.str(native) + "' of '" + of_type + "' objects>";
  if (native != kNone) {
    char at[32];
    std::snprintf(at, sizeof at, "0x%llx", static_cast<unsigned long long>(identity_address(self)));
    return "<built-in method " + sim.str(native) + " of " + type_name(sim, self) + " object at " + at + ">";
  }
  const auto* value = sim.as<FunctionObject>(fn);
  std::string fname = fn.tag == Tag::Func ? sim.program().functions[fn.i].name : value ? sim.program().functions[value->fn].name : "?";
  return "<bound method " + fname + " of " + sim.repr(self) + ">";
}

} // namespace il
