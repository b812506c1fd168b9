// The runtime's bytecode helpers for the protocols Python code takes part in: special methods of user classes
// (lib/special_methods.cpp: $user_strings, $with_exit, $iter_user, $richcmp, $truth ...), the lazy iterators
// (enumerate, zip) over generators, print(*items) and subprocess (lib/subprocess.cpp). ModuleBuilder's
// constructor adds them to every program, with the other helpers, in this order.
#include "vm/builder.hpp"

namespace il {

void add_protocol_prelude(ModuleBuilder& m) {
  // A with block left by an exception, its context manager a user class's instance (lib/special_methods.cpp,
  // with_exit): exit(mgr, type(e), e, tb) while e is handled; unless that is true, e goes on as it was.
  FnBuilder& we = m.def("$with_exit", {"exit", "mgr", "e", "tb"});
  we.load("e").native_stmt(Native::handling, 1);
  we.try_finally([&] { we.load("exit").load("mgr").load("e").native(Native::type_of, 1).load("e").load("tb").call_value(4).store("r"); },
                 [&] { we.native_stmt(Native::handled, 0); });
  we.if_([&] { we.load("r").op(Op::Not); }, [&] { we.load("e").push(1).push_none().native_stmt(Native::raise_value, 3); });
  we.ret_none();
  // iter() of a user class's instance: its __iter__(), which must give an iterator; one with __next__ is
  // resumed through $next_loop, a generator calling __next__ until StopIteration.
  // (iter() itself gives what __iter__ returned: $iter_raw.)
  FnBuilder& iu = m.def("$iter_user", {"obj"});
  iu.load("obj").method("__iter__", 0).store("it");
  iu.if_([&] { iu.load("it").native(Native::user_iterator, 1); }, [&] { iu.load("it").call("$next_loop", 1).ret(); });
  iu.load("it").ret();
  FnBuilder& ir = m.def("$iter_raw", {"obj"});
  ir.load("obj").method("__iter__", 0).store("it");
  ir.load("it").native_stmt(Native::user_iterator, 1);
  ir.load("it").ret();
  FnBuilder& nl = m.def("$next_loop", {"it"}).generator();
  nl.while_([&] { nl.push_bool(true); }, [&] {
    nl.try_except([&] { nl.load("it").method("__next__", 0).store("x"); }, "StopIteration", [&] { nl.ret_none(); });
    nl.load("x").op(Op::Yield).pop();
  });
  nl.ret_none();
  FnBuilder& nd = m.def("$next_default", {"it", "fallback"}); // next(it, fallback) of one with __next__
  nd.try_except([&] { nd.load("it").method("__next__", 0).ret(); }, "StopIteration", [&] { nd.load("fallback").ret(); });
  nd.ret_none();
  FnBuilder& ic = m.def("$iter_call", {"fn", "sentinel"}).generator(); // iter(callable, sentinel)
  ic.while_([&] { ic.push_bool(true); }, [&] {
    ic.load("fn").call_value(0).store("v");
    ic.if_([&] { ic.load("v").load("sentinel").op(Op::Eq); }, [&] { ic.ret_none(); });
    ic.load("v").op(Op::Yield).pop();
  });
  ic.ret_none();
  // zip() of generators or user iterables: iter() of each at once, then a row at a time until one runs out.
  FnBuilder& zp = m.def("$zip", {"args"});
  zp.list(0).store("its");
  zp.for_iter([&] { zp.load("args"); }, [&] { zp.store("a"); },
              [&] { zp.load("its").load("a").push_value(Value::unbound()).native(Native::iter_, 2).op(Op::ListAppend); });
  zp.load("its").call("$zip_rows", 1).ret();
  FnBuilder& zr = m.def("$zip_rows", {"its"}).generator();
  zr.native(Native::object_new, 0).store("end");
  zr.if_([&] { zr.load("its").op(Op::Not); }, [&] { zr.ret_none(); });
  zr.while_([&] { zr.push_bool(true); }, [&] {
    zr.list(0).store("row");
    zr.for_iter([&] { zr.load("its"); }, [&] { zr.store("it"); }, [&] {
      zr.load("it").load("end").native(Native::next_, 2).store("v");
      zr.if_([&] { zr.load("v").load("end").op(Op::Is); }, [&] { zr.ret_none(); });
      zr.load("row").load("v").op(Op::ListAppend);
    });
    zr.load("row").native(Native::tuple_of, 1).op(Op::Yield).pop();
  });
  zr.ret_none();
  FnBuilder& ju = m.def("$join_user", {"sep", "obj"}); // sep.join(x) of a user iterable
  ju.load("sep").load("obj").call("$iter_user", 1).call("$join", 2).ret();
  FnBuilder& en = m.def("$enumerate", {"it", "n"}).generator(); // enumerate() of a generator or a user iterable
  en.for_iter([&] { en.load("it"); }, [&] { en.store("x"); }, [&] {
    en.load("n").load("x").instr(Op::BuildTuple, 2).op(Op::Yield).pop();
    en.load("n").push(1).op(Op::Add).store("n");
  });
  en.ret_none();
  FnBuilder& eu = m.def("$enumerate_user", {"obj", "n"}); // (its __iter__ at once, as enumerate() calls iter())
  eu.load("obj").call("$iter_user", 1).load("n").call("$enumerate", 2).ret();
  FnBuilder& du = m.def("$drain_user", {"obj", "native", "rest"}); // list(x) and the like of a user iterable
  du.load("obj").call("$iter_user", 1).load("native").load("rest").call("$drain", 3).ret();
  // a OP b where a or b is an instance whose class defines comparison methods (k: 0..5 for <, <=, >, >=, ==,
  // !=): a's method, then b's reflected one (b > a for a < b), a NotImplemented result passing on; != falls
  // back on not __eq__; if none answers, == and != compare identities and the orderings raise TypeError.
  FnBuilder& rc = m.def("$richcmp", {"a", "b", "k"});
  auto attempt = [&rc](const char* self, const char* other, bool reflected) {
    auto call_method = [&rc, other](bool invert) {
      rc.load("m").load(other).call_value(1).store("r");
      rc.if_([&] { rc.load("r").native(Native::not_implemented, 0).op(Op::Is).op(Op::Not); }, [&] {
        rc.load("r");
        if (invert) rc.op(Op::Not);
        rc.ret();
      });
    };
    rc.load(self).load("k").push_bool(reflected).native(Native::special_cmp, 3).store("m");
    rc.if_([&] { rc.load("m").push_none().op(Op::Is).op(Op::Not); }, [&] { call_method(false); }, [&] {
      rc.if_([&] { rc.load("k").push(5).op(Op::Eq); }, [&] {
        rc.load(self).push(4).push_bool(false).native(Native::special_cmp, 3).store("m");
        rc.if_([&] { rc.load("m").push_none().op(Op::Is).op(Op::Not); }, [&] { call_method(true); });
      });
    });
  };
  attempt("a", "b", false);
  attempt("b", "a", true);
  rc.load("a").load("b").load("k").native(Native::cmp_default, 3).ret();
  // Lists or tuples holding such instances, compared as CPython does: lengths first for == and !=, then the
  // first pair of items that are not the same object and not ==, compared by k; else the lengths.
  FnBuilder& sq = m.def("$seqcmp", {"a", "b", "k"});
  sq.load("a").native(Native::len, 1).store("na").load("b").native(Native::len, 1).store("nb");
  sq.if_([&] { sq.load("k").push(4).op(Op::Ge); }, [&] {
    sq.if_([&] { sq.load("na").load("nb").op(Op::Ne); }, [&] { sq.load("k").push(5).op(Op::Eq).ret(); });
  });
  sq.push(0).store("i");
  sq.while_([&] { sq.load("i").load("na").op(Op::Lt).load("i").load("nb").op(Op::Lt).op(Op::BitAnd); }, [&] {
    sq.load("a").load("i").op(Op::GetItem).store("x").load("b").load("i").op(Op::GetItem).store("y");
    sq.if_([&] { sq.load("x").load("y").op(Op::Is).op(Op::Not); }, [&] {
      sq.if_([&] { sq.load("x").load("y").op(Op::Eq).op(Op::Not); }, [&] {
        sq.if_([&] { sq.load("k").push(4).op(Op::Eq); }, [&] { sq.push_bool(false).ret(); });
        sq.if_([&] { sq.load("k").push(5).op(Op::Eq); }, [&] { sq.push_bool(true).ret(); });
        sq.load("x").load("y").load("k").native(Native::rich_compare, 3).ret();
      });
    });
    sq.load("i").push(1).op(Op::Add).store("i");
  });
  sq.load("na").load("nb").load("k").native(Native::rich_compare, 3).ret();
  // item in a list holding instances with __eq__: each item is it, or == it.
  FnBuilder& cn = m.def("$contains", {"items", "x"});
  cn.for_iter([&] { cn.load("items"); }, [&] { cn.store("y"); }, [&] {
    cn.if_([&] { cn.load("y").load("x").op(Op::Is); }, [&] { cn.push_bool(true).ret(); });
    cn.if_([&] { cn.load("y").load("x").op(Op::Eq); }, [&] { cn.push_bool(true).ret(); });
  });
  cn.push_bool(false).ret();
  // sorted(), list.sort(), min() and max() of items whose keys compare by their methods (op and target as
  // keyed()): min/max by < and > as CPython's, a sort by binary insertion on < (stable; reversed: on >).
  FnBuilder& kp = m.def("$keyed_py", {"items", "keys", "op", "target"});
  auto key = [&kp](const char* index) { kp.load("keys").load(index).op(Op::GetItem); };
  kp.load("items").native(Native::len, 1).store("n");
  kp.if_([&] { kp.load("op").push(2).op(Op::Ge); }, [&] {
    kp.push(0).store("best").push(1).store("i");
    kp.while_([&] { kp.load("i").load("n").op(Op::Lt); }, [&] {
      kp.if_([&] {
        key("i");
        key("best");
        kp.if_([&] { kp.load("op").push(3).op(Op::Eq); }, [&] { kp.op(Op::Gt); }, [&] { kp.op(Op::Lt); });
      }, [&] { kp.load("i").store("best"); });
      kp.load("i").push(1).op(Op::Add).store("i");
    });
    kp.load("items").load("best").op(Op::GetItem).ret();
  });
  kp.list(0).store("order").push(0).store("i");
  kp.while_([&] { kp.load("i").load("n").op(Op::Lt); }, [&] {
    kp.push(0).store("lo").load("order").native(Native::len, 1).store("hi");
    kp.while_([&] { kp.load("lo").load("hi").op(Op::Lt); }, [&] {
      kp.load("lo").load("hi").op(Op::Add).push(2).op(Op::FloorDiv).store("mid");
      kp.load("order").load("mid").op(Op::GetItem).store("j");
      kp.if_([&] { // does item i go before item j?
        kp.if_([&] { kp.load("op").push(1).op(Op::Eq); }, [&] { key("j"); key("i"); }, [&] { key("i"); key("j"); });
        kp.op(Op::Lt);
      }, [&] { kp.load("mid").store("hi"); }, [&] { kp.load("mid").push(1).op(Op::Add).store("lo"); });
    });
    kp.load("order").load("lo").load("i").method_stmt("insert", 2);
    kp.load("i").push(1).op(Op::Add).store("i");
  });
  kp.load("items").load("order").load("target").native(Native::reorder, 3).ret();
  // len(), truth and `in` of user classes' instances: their __len__, __bool__ (else __len__), __contains__
  // (else a walk of __iter__), with CPython's checks of what they return.
  FnBuilder& ln = m.def("$len_user", {"obj"});
  ln.load("obj").load("obj").method("__len__", 0).push(0).native(Native::protocol_check, 3).ret();
  FnBuilder& tr = m.def("$truth", {"obj"});
  tr.if_([&] { tr.load("obj").push_none().push(3).native(Native::protocol_check, 3).push(1).op(Op::Eq); },
         [&] { tr.load("obj").load("obj").method("__bool__", 0).push(1).native(Native::protocol_check, 3).ret(); });
  tr.load("obj").native(Native::len, 1).push(0).op(Op::Ne).ret();
  FnBuilder& cu = m.def("$contains_user", {"obj", "x"});
  cu.if_([&] { cu.load("obj").push_none().push(2).native(Native::protocol_check, 3).push(1).op(Op::Eq); },
         [&] { cu.load("obj").load("x").method("__contains__", 1).native(Native::bool_, 1).ret(); });
  cu.for_iter([&] { cu.load("obj").call("$iter_user", 1); }, [&] { cu.store("y"); }, [&] {
    cu.if_([&] { cu.load("y").load("x").op(Op::Is); }, [&] { cu.push_bool(true).ret(); });
    cu.if_([&] { cu.load("y").load("x").op(Op::Eq); }, [&] { cu.push_bool(true).ret(); });
  });
  cu.push_bool(false).ret();
  // print(*items, sep=, end=, file=): each item written, separators and end between, one piece at a time.
  FnBuilder& pi = m.def("$print_items", {"items", "sep", "end", "stream"});
  pi.push_bool(true).store("first");
  pi.for_iter([&] { pi.load("items"); }, [&] { pi.store("x"); }, [&] {
    pi.if_([&] { pi.load("first").op(Op::Not); }, [&] { pi.load("sep").load("stream").native_stmt(Native::write, 2); });
    pi.load("x").load("stream").native_stmt(Native::write, 2).push_bool(false).store("first");
  });
  pi.load("end").load("stream").native_stmt(Native::write, 2);
  pi.ret_none();
  // subprocess (lib/subprocess.cpp): start the command's child, then (mode 0 call, 1 check_call, 2 run, 4
  // os.system) wait for it, killing it at the timeout; 3 (Popen) returns it running.
  FnBuilder& sp = m.def("$subprocess", {"args", "shell", "timeout", "mode", "check"});
  sp.load("args").load("shell").native(Native::popen_new, 2).store("p");
  sp.load("p").method_stmt("start", 0);
  sp.if_([&] { sp.load("mode").push(3).op(Op::Eq); }, [&] { sp.load("p").ret(); });
  sp.load("p").load("timeout").method_stmt("join", 1);
  sp.if_([&] { sp.load("p").method("poll", 0).push_none().op(Op::Is); }, [&] {
    sp.load("p").method_stmt("kill", 0).load("p").push_none().method_stmt("join", 1);
    sp.push(0).load("p").load("timeout").native_stmt(Native::subprocess_error, 3);
  });
  sp.load("p").attr("returncode").store("code");
  sp.if_([&] { sp.load("mode").push(1).op(Op::Eq).load("check").op(Op::BitOr).load("code").push(0).op(Op::Ne).op(Op::BitAnd); },
         [&] { sp.push(1).load("p").push_none().native_stmt(Native::subprocess_error, 3); });
  sp.if_([&] { sp.load("mode").push(2).op(Op::Eq); }, [&] { sp.load("args").load("code").native(Native::completed_process, 2).ret(); });
  sp.if_([&] { sp.load("mode").push(4).op(Op::Eq); }, [&] { sp.load("code").push(256).op(Op::Mul).ret(); }); // a wait status
  sp.load("code").ret();
  FnBuilder& pw = m.def("$popen_wait", {"p", "timeout", "communicate"}); // Popen.wait(timeout), communicate(timeout)
  pw.load("p").load("timeout").method_stmt("join", 1);
  pw.if_([&] { pw.load("p").method("poll", 0).push_none().op(Op::Is); },
         [&] { pw.push(0).load("p").load("timeout").native_stmt(Native::subprocess_error, 3); });
  pw.if_([&] { pw.load("communicate"); }, [&] { pw.push_none().push_none().instr(Op::BuildTuple, 2).ret(); });
  pw.load("p").attr("returncode").ret();
  FnBuilder& sm = m.def("$subprocess_main", {"argv"}); // the command's child: its output, its run time, its status
  sm.load("argv").native(Native::subprocess_exec, 1).store("r");
  sm.if_([&] { sm.load("r").push(0).op(Op::GetItem); }, [&] { sm.load("r").push(0).op(Op::GetItem).push(0).native_stmt(Native::write, 2); });
  sm.if_([&] { sm.load("r").push(1).op(Op::GetItem); }, [&] { sm.load("r").push(1).op(Op::GetItem).push(1).native_stmt(Native::write, 2); });
  sm.load("r").push(2).op(Op::GetItem).native_stmt(Native::sleep, 1);
  sm.if_([&] { sm.load("r").push(3).op(Op::GetItem); }, [&] { sm.load("r").push(3).op(Op::GetItem).native_stmt(Native::exit, 1); });
  sm.ret_none();
  // A @contextmanager's with block raised e: e thrown into its generator at the yield. If the generator lets
  // e out, e goes on with its traceback as it was; another exception goes on as raised; an end swallows e.
  FnBuilder& ct = m.def("$cm_throw", {"gen", "e"});
  ct.try_except([&] { ct.load("gen").load("e").native_stmt(Native::gen_throw, 2); }, "",
                [&] { // (e itself is not taken as a value here: that would give it the traceback it has now)
                  ct.load("e").native(Native::current_is, 1).store("same");
                  ct.if_([&] { ct.load("same").op(Op::Not); }, [&] { ct.native(Native::current_exception, 0).store("x"); });
                },
                [&] {
                  ct.if_([&] { ct.load("same"); }, [&] { ct.load("e").push(1).push_none().native_stmt(Native::raise_value, 3); });
                  ct.load("x").push(1).push_none().native_stmt(Native::raise_value, 3);
                });
  ct.ret_none();
  // A call that makes strings of instances with __str__ or __repr__: each method called (as CPython calls them
  // from C), then the call made again with their results (lib/special_methods.cpp, with_user_strings).
  FnBuilder& us = m.def("$user_strings", {"methods", "redo"});
  us.list(0).store("strs");
  us.for_iter([&] { us.load("methods"); }, [&] { us.store("m"); },
              [&] { us.load("strs").load("m").call_value(0).op(Op::ListAppend); });
  us.load("strs").load("methods").load("redo").native(Native::user_strings_replay, 3).ret();
}

} // namespace il
