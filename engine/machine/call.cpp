// Calls of bytecode functions: arguments bound to parameters as CPython 3.11's initialize_locals binds them
// (positional ones, keywords, defaults, keyword-only parameters, *args and **kwargs), its TypeError messages,
// and the cells of variables that inner functions share.
#include <algorithm>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/suggest.hpp"
#include "vm/text.hpp"

namespace il {

namespace {

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

} // namespace

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += "'" + names[i] + "'";
    if (i + 2 < names.size()) out += ", ";
    else if (i + 2 == names.size()) out += names.size() > 2 ? ", and " : " and ";
  }
  return out;
}

namespace {

std::string too_many_positional(const Function& fn, std::size_t defaults, std::size_t given, std::size_t kwonly_given) {
  const std::size_t n = static_cast<std::size_t>(fn.nparams), required = n - defaults;
  const std::string takes = defaults == 0 ? plural(n, "positional argument")
                                          : "from " + std::to_string(required) + " to " + std::to_string(n) + " positional arguments";
  std::string gave = std::to_string(given);
  if (kwonly_given > 0)
    gave = plural(given, "positional argument") + " (and " + plural(kwonly_given, "keyword-only argument") + ")";
  return fn.name + "() takes " + takes + " but " + gave + (given == 1 && kwonly_given == 0 ? " was" : " were") + " given";
}

} // namespace

std::string arity_error(const Function& fn, int given) {
  if (given > fn.nparams) return too_many_positional(fn, fn.defaults.size(), static_cast<std::size_t>(given), 0);
  std::vector<std::string> missing;
  for (int i = given; i < fn.nparams - static_cast<int>(fn.defaults.size()); ++i) missing.push_back(fn.local_names[i]);
  return fn.name + "() missing " + plural(missing.size(), "required positional argument") + ": " + name_list(missing);
}

std::string Interp::enter(Kernel& sim, Thread& t, FuncId id, std::span<const Value> args, std::span<const StrId> kwnames,
                          const FunctionObject* value) {
  const Function& fn = sim.program().functions[id];
  if (fn.simple() && kwnames.empty() && !value) { // positional arguments only: the common call, without copies
    const int extra = fn.defaults_for(static_cast<int>(args.size()));
    if (extra < 0) return arity_error(fn, static_cast<int>(args.size()));
    t.stack.insert(t.stack.end(), args.begin(), args.end());
    t.stack.insert(t.stack.end(), fn.defaults.end() - extra, fn.defaults.end());
    push_frame(sim, t, id, fn.nparams);
    return {};
  }
  const std::vector<Value>& defaults = value && !value->defaults.empty() ? value->defaults : fn.defaults;
  const std::vector<Value>& kwdefaults = value && !value->kwdefaults.empty() ? value->kwdefaults : fn.kwdefaults;
  const std::size_t npos = args.size() - kwnames.size(), n = static_cast<std::size_t>(fn.nparams);
  std::vector<Value> slots(static_cast<std::size_t>(fn.nargs()), Value::unbound());
  for (std::size_t i = 0; i < std::min(npos, n); ++i) slots[i] = args[i];
  const std::size_t star = n + static_cast<std::size_t>(fn.nkwonly); // the *args slot, then **kwargs
  if (fn.varargs) {
    auto rest = std::make_unique<TupleObject>();
    if (npos > n) rest->items.assign(args.begin() + static_cast<std::ptrdiff_t>(n), args.begin() + static_cast<std::ptrdiff_t>(npos));
    slots[star] = Value::obj(sim.add_object(std::move(rest), t.proc));
  }
  DictObject* extra = nullptr;
  if (fn.varkw) {
    auto d = std::make_unique<DictObject>();
    extra = d.get();
    slots[star + fn.varargs] = Value::obj(sim.add_object(std::move(d), t.proc));
  }
  for (std::size_t k = 0; k < kwnames.size(); ++k) {
    const std::string& name = sim.str(kwnames[k]);
    const Value v = args[npos + k];
    std::size_t j = 0;
    while (j < star && fn.local_names[j] != name) ++j;
    if (j < star) {
      if (slots[j].tag != Tag::Unbound) return fn.name + "() got multiple values for argument '" + name + "'";
      slots[j] = v;
    } else if (extra) {
      extra->keys.push_back(Value::str(kwnames[k]));
      extra->vals.push_back(v);
    } else {
      return fn.name + "() got an unexpected keyword argument '" + name + "'";
    }
  }
  if (npos > n && !fn.varargs) {
    std::size_t kwonly_given = 0;
    for (std::size_t j = n; j < star; ++j) kwonly_given += slots[j].tag != Tag::Unbound;
    return too_many_positional(fn, defaults.size(), npos, kwonly_given);
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < n; ++i) {
    if (slots[i].tag != Tag::Unbound) continue;
    if (i + defaults.size() >= n) slots[i] = defaults[i + defaults.size() - n];
    else missing.push_back(fn.local_names[i]);
  }
  if (!missing.empty())
    return fn.name + "() missing " + plural(missing.size(), "required positional argument") + ": " + name_list(missing);
  for (std::size_t j = n; j < star; ++j) {
    if (slots[j].tag != Tag::Unbound) continue;
    if (j - n < kwdefaults.size() && kwdefaults[j - n].tag != Tag::Unbound) slots[j] = kwdefaults[j - n];
    else missing.push_back(fn.local_names[j]);
  }
  if (!missing.empty())
    return fn.name + "() missing " + plural(missing.size(), "required keyword-only argument") + ": " + name_list(missing);
  std::vector<Value>& locals = slots;
  locals.resize(static_cast<std::size_t>(fn.nlocals), Value::unbound());
  for (int s : fn.cell_slots) { // a cell of its own for each shared variable, holding the argument if it is one
    auto cell = std::make_unique<CellObject>();
    cell->value = locals[static_cast<std::size_t>(s)];
    locals[static_cast<std::size_t>(s)] = Value::obj(sim.add_object(std::move(cell), t.proc));
  }
  for (std::size_t i = 0; i < fn.free_slots.size(); ++i)
    locals[static_cast<std::size_t>(fn.free_slots[i])] =
        value && i < value->cells.size() ? value->cells[i] : Value::obj(sim.add_object(std::make_unique<CellObject>(), t.proc));
  if (fn.generator) { // the call's value is a generator holding the frame, which runs when it is resumed
    auto g = std::make_unique<GeneratorObject>();
    g->fn = id;
    g->saved = std::move(locals);
    // The runtime's generators that stand for CPython's iterator types show those types' names.
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"$map", "map"}, {"$map_rows", "map"}, {"$filter", "filter"}, {"$enumerate", "enumerate"}, {"$zip_rows", "zip"}};
    for (const auto& [helper, type] : kTypes)
      if (fn.name == helper) g->type = type;
    t.stack.push_back(Value::obj(sim.add_object(std::move(g), t.proc)));
    return {};
  }
  t.stack.insert(t.stack.end(), locals.begin(), locals.end());
  push_frame(sim, t, id, fn.nlocals);
  return {};
}

// [SECTION] function values

Outcome FunctionObject::call_self(Call& c) {
  const std::string error = Interp::enter(c.sim, c.t, fn, c.args, c.kwnames, this);
  return error.empty() ? Outcome::Invoked : c.sim.raise(c.t, "TypeError", error);
}

bool function_attribute(Kernel& sim, FuncId fn, StrId attr, Value& out) {
  const Function& f = sim.program().functions[fn];
  const std::string& full = f.name;
  const std::string& n = sim.str(attr);
  if (n == "__name__") out = Value::str(sim.intern(full.substr(full.rfind('.') + 1)));
  else if (n == "__qualname__") out = Value::str(sim.intern(full));
  else if (n == "__module__") out = Value::str(sim.intern("__main__"));
  else if (n == "__doc__") out = f.doc.empty() ? Value::none() : Value::str(sim.intern(f.doc));
  else return false;
  return true;
}

bool FunctionObject::get_attr(Kernel& sim, Thread& t, StrId attr, Value& out) {
  (void)t;
  for (const auto& [k, v] : dict) // attributes the program set on it (wrapper.calls = 0, functools.wraps')
    if (k == attr) {
      out = v;
      return true;
    }
  return function_attribute(sim, fn, attr, out);
}

bool FunctionObject::set_attr(Kernel& sim, Thread& t, StrId attr, Value v) {
  (void)sim, (void)t;
  for (auto& [k, old] : dict)
    if (k == attr) {
      old = v;
      return true;
    }
  dict.emplace_back(attr, v);
  return true;
}

std::string FunctionObject::repr(const Kernel& sim) const {
  return sim.repr(Value::func(fn)); // <function f.<locals>.g at 0x...>, as a plain function shows
}

// [SECTION] calling values

namespace {

// How CPython's argument-spreading errors name the callee: __main__.f(), __main__.C().
std::string function_str(const Kernel& sim, Value callee) {
  if (const auto* m = sim.as<BoundMethodObject>(callee)) callee = m->fn;
  if (const auto* v = sim.as<FunctionObject>(callee)) callee = Value::func(v->fn);
  if (callee.tag == Tag::Func) return "__main__." + sim.program().functions[callee.i].name + "()";
  if (const auto* c = sim.as<ClassObject>(callee)) return "__main__." + c->cls_name + "()";
  return type_name(sim, callee) + " object";
}

} // namespace

bool is_function(const Kernel& sim, Value v) { return v.tag == Tag::Func || (v.is_obj() && sim.object(v.as_obj())->binds_self()); }

bool is_callable(Kernel& sim, Value v) {
  if (v.tag == Tag::Func) return true;
  if (!v.is_obj()) return false;
  const Object* o = sim.object(v.as_obj());
  Value call;
  return o->callable() || (o->cls != kNone && special_method(sim, *o, "__call__", call));
}

Outcome call_value(Call& c, Value callee) {
  Kernel& sim = c.sim;
  if (callee.tag == Tag::Func) return sim.invoke(c.t, callee, c.args, c.kwnames);
  if (!callee.is_obj()) return sim.raise(c.t, "TypeError", "'" + type_name(sim, callee) + "' object is not callable");
  Object* o = sim.object(callee.as_obj());
  Value call;
  if (o->cls != kNone && special_method(sim, *o, "__call__", call)) return call_user_method(c, callee, call); // obj(...)
  if (!c.kwnames.empty() && !o->takes_keywords())
    return sim.raise(c.t, "TypeError", std::string(o->kind()) + "() takes no keyword arguments");
  return o->call_self(c);
}

bool spread_arguments(Kernel& sim, Thread& t, Value callee, std::span<const StrId> kinds, std::span<const Value> pieces,
                      std::vector<Value>& args, std::vector<StrId>& kwnames) {
  for (std::size_t i = 0; i < pieces.size(); ++i) { // the positional ones first, as CPython builds its tuple first
    if (kinds[i] == kPositional) {
      args.push_back(pieces[i]);
    } else if (kinds[i] == kSpreadArgs) {
      const Value v = pieces[i];
      if (const auto* l = sim.as<ListObject>(v)) args.insert(args.end(), l->items.begin(), l->items.end());
      else if (const auto* d = sim.as<DictObject>(v)) args.insert(args.end(), d->keys.begin(), d->keys.end());
      else if (v.tag == Tag::Str)
        for (const std::string& ch : code_points(sim.str(v.as_str()))) args.push_back(Value::str(sim.intern(ch)));
      else {
        sim.raise(t, "TypeError", function_str(sim, callee) + " argument after * must be an iterable, not " + type_name(sim, v));
        return false;
      }
    }
  }
  std::vector<Value> values;
  auto add = [&](StrId name, Value v) {
    if (std::find(kwnames.begin(), kwnames.end(), name) != kwnames.end()) {
      sim.raise(t, "TypeError", function_str(sim, callee) + " got multiple values for keyword argument '" + sim.str(name) + "'");
      return false;
    }
    kwnames.push_back(name);
    values.push_back(v);
    return true;
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (kinds[i] >= 0 && !add(kinds[i], pieces[i])) return false;
    if (kinds[i] != kSpreadKw) continue;
    const auto* d = sim.as<DictObject>(pieces[i]);
    if (!d) {
      sim.raise(t, "TypeError", function_str(sim, callee) + " argument after ** must be a mapping, not " + type_name(sim, pieces[i]));
      return false;
    }
    for (std::size_t k = 0; k < d->keys.size(); ++k) {
      if (d->keys[k].tag != Tag::Str) {
        sim.raise(t, "TypeError", function_str(sim, callee) + " keywords must be strings");
        return false;
      }
      if (!add(d->keys[k].as_str(), d->vals[k])) return false;
    }
  }
  args.insert(args.end(), values.begin(), values.end());
  return true;
}

// [SECTION] attributes

bool load_attribute(Kernel& sim, Thread& t, Value self, StrId name, Value& out, Value* getter) {
  // The object's own attributes first, then a user class's (its instance dict, its class).
  bool found = self.is_obj() && (sim.object(self.as_obj())->get_attr(sim, t, name, out) ||
                                 (!t.exc.active() && user_get_attr(sim, t, self, name, out, getter)));
  if (!found && self.tag == Tag::Func) found = function_attribute(sim, static_cast<FuncId>(self.i), name, out); // __name__ ...
  if (!found && !t.exc.active() && sim.str(name) == "__class__") { // type(x)
    std::span<const Value> none;
    Call c{sim, t, none};
    if (type_of(c, self) != Outcome::Done) return false;
    out = c.ret;
    return true;
  }
  if (!found && !t.exc.active() && (self.is_obj() || self.tag == Tag::Str) &&
      (!self.is_obj() || sim.object(self.as_obj())->cls == kNone) && has_native_method(type_name(sim, self), sim.str(name))) {
    auto m = std::make_unique<BoundMethodObject>(); // results.append as a value: called by name when called
    m->self = self;
    m->native = name;
    out = Value::obj(sim.add_object(std::move(m), t.proc));
    return true;
  }
  if (found || t.exc.active()) return found; // or the object raised something more specific
  sim.raise(t, "AttributeError", "'" + type_name(sim, self) + "' object has no attribute '" + sim.str(name) + "'");
  if (self.is_obj() && sim.object(self.as_obj())->cls != kNone) {
    std::string hint = suggest_name(sim.str(name), attribute_names(sim, *sim.object(self.as_obj())));
    if (!hint.empty()) t.exc.suggestion = sim.intern(hint);
  }
  return false;
}

bool has_native_method(std::string_view type, std::string_view method) {
  static constexpr std::pair<std::string_view, std::string_view> kMethods[] = {
      {"list", "append extend insert remove pop index count sort reverse copy clear"},
      {"dict", "get keys values items pop popitem update setdefault copy clear"},
      {"set", "add discard remove pop clear copy update union intersection difference symmetric_difference issubset "
              "issuperset isdisjoint intersection_update difference_update symmetric_difference_update"},
      {"frozenset", "copy union intersection difference symmetric_difference issubset issuperset isdisjoint"},
      {"str", "upper lower strip lstrip rstrip split rsplit join replace startswith endswith find rfind index count "
              "format isdigit isalpha isalnum isspace isupper islower center ljust rjust zfill title capitalize"},
      {"Queue", "put get put_nowait get_nowait qsize empty full task_done join"},
      {"LifoQueue", "put get put_nowait get_nowait qsize empty full task_done join"},
      {"PriorityQueue", "put get put_nowait get_nowait qsize empty full task_done join"},
      {"SimpleQueue", "put get put_nowait get_nowait qsize empty"},
      {"Lock", "acquire release locked"}, {"RLock", "acquire release"}, {"mp.Lock", "acquire release"},
      {"mp.RLock", "acquire release"}, {"Semaphore", "acquire release"}, {"BoundedSemaphore", "acquire release"},
      {"Event", "set clear wait is_set"}, {"Condition", "acquire release wait wait_for notify notify_all"},
      {"Barrier", "wait reset abort"}, {"property", "setter getter deleter"}, {"Thread", "start join run is_alive getName setName isDaemon setDaemon"},
      {"Timer", "start join run is_alive cancel"}, {"Process", "start join run is_alive terminate kill close"},
      {"Future", "result exception done running cancelled cancel add_done_callback"},
      {"ApplyResult", "get wait ready successful"}, {"MapResult", "get wait ready successful"},
      {"ThreadPoolExecutor", "submit map shutdown"}, {"ProcessPoolExecutor", "submit map shutdown"},
      {"Pool", "apply apply_async map map_async starmap starmap_async imap imap_unordered close terminate join"},
      {"ThreadPool", "apply apply_async map map_async starmap starmap_async imap imap_unordered close terminate join"}};
  for (const auto& [t, names] : kMethods) {
    if (t != type) continue;
    for (std::size_t i = 0; i < names.size();) {
      std::size_t j = names.find(' ', i);
      if (j == std::string_view::npos) j = names.size();
      if (names.substr(i, j - i) == method) return true;
      i = j + 1;
    }
  }
  return false;
}

// [SECTION] the interpreter's rarer calls

namespace interp_detail {

void call_bound(Kernel& sim, Thread& t, FuncId fn, int nargs) {
  std::vector<Value> args(t.stack.end() - nargs, t.stack.end());
  t.stack.resize(t.stack.size() - static_cast<std::size_t>(nargs));
  const std::string error = Interp::enter(sim, t, fn, args);
  if (error.empty()) return;
  sim.raise(t, "TypeError", error);
  Interp::unwind(sim, t);
}

Outcome call_spread(Kernel& sim, Thread& t, int kwcall, int npieces, Value& ret) {
  std::vector<Value>& st = t.stack;
  const Value callee = st[st.size() - 1 - static_cast<std::size_t>(npieces)];
  std::vector<Value> pieces(st.end() - npieces, st.end());
  st.resize(st.size() - static_cast<std::size_t>(npieces) - 1);
  std::vector<Value> args;
  std::vector<StrId> kwnames;
  if (!spread_arguments(sim, t, callee, sim.program().kwcalls[static_cast<std::size_t>(kwcall)].names, pieces, args, kwnames))
    return Outcome::Raised;
  Call c{sim, t, args};
  c.kwnames = kwnames;
  const Outcome o = call_value(c, callee);
  ret = c.ret;
  return o;
}

void make_function(Kernel& sim, Thread& t, FuncId fn, int flags) {
  auto v = std::make_unique<FunctionObject>();
  v->fn = fn;
  auto take = [&](std::vector<Value>& into) {
    into = sim.as<ListObject>(t.stack.back())->items; // a tuple the compiler built
    t.stack.pop_back();
  };
  if (flags & 4) take(v->cells);
  if (flags & 2) take(v->kwdefaults);
  if (flags & 1) take(v->defaults);
  t.stack.push_back(Value::obj(sim.add_object(std::move(v), t.proc)));
}

} // namespace interp_detail

} // namespace il
