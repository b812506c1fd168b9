// Export of a run as Chrome Trace Event JSON in the dialect Perfetto reads (ui.perfetto.dev, trace_processor,
// Chrome DevTools): simulated processes and threads become pids and tids, with CPU lanes and wake-up arrows.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "machine/kernel.hpp"
#include "trace/report.hpp"

namespace il {

// {"traceEvents":[...],"displayTimeUnit":"ns"}. Timestamps are microseconds with three decimals taken from
// integer nanoseconds. basic_only keeps only X, i, C and M events, for viewers that reject flows ("s"/"f")
// and thread-state ("T") events.
//
// Layout: one Perfetto process per simulated process; per simulated thread one track of state slices
// (running/ready/blocked... with cpu and reason args) plus "locks" tracks for held locks and opaque work;
// a synthetic "CPUs" process with one track per logical CPU showing which thread ran there; counters for
// primitives (semaphore value, queue length...) and for each process's GIL holder.
std::string perfetto_json(const Kernel& sim, bool basic_only);
// The same document handed to sink in pieces, in order, without holding all of it.
void write_perfetto_json(const Kernel& sim, bool basic_only, const TextSink& sink);

// The same document in bounded steps, for callers that must not stall (the UI exports a slice per frame).
// The pieces handed to the sinks of successive steps, concatenated, are exactly write_perfetto_json's bytes,
// whatever the step sizes. The Kernel must outlive the writer and its trace must not change meanwhile.
class PerfettoWriter {
public:
  PerfettoWriter(const Kernel& sim, bool basic_only);
  ~PerfettoWriter();
  PerfettoWriter(PerfettoWriter&&) noexcept;
  PerfettoWriter& operator=(PerfettoWriter&&) noexcept;

  // Does about max_records trace records' worth of work (each record is read twice: once to find when its
  // interval ends, once to write it), hands what it wrote to sink, and says whether the document is done.
  bool step(std::size_t max_records, const TextSink& sink);
  bool done() const;
  double progress() const; // fraction of the work done, 0 to 1

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace il
