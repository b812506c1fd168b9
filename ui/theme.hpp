// Named colours of the app, in one place: thread states on the timeline, and the timeline's chrome.
#pragma once
#include <imgui.h>

#include "machine/trace.hpp"

namespace il::ui::theme {

// Thread states: green runs, yellow is runnable but not running, red waits for the GIL, blues wait on
// primitives / sleep / I/O, grey has not started or has finished.
constexpr ImU32 kRunning = IM_COL32(76, 175, 80, 255);
constexpr ImU32 kReady = IM_COL32(230, 196, 60, 255);
constexpr ImU32 kWaitGil = IM_COL32(220, 70, 60, 255);
constexpr ImU32 kBlocked = IM_COL32(160, 90, 200, 255);
constexpr ImU32 kSleeping = IM_COL32(70, 130, 200, 255);
constexpr ImU32 kIo = IM_COL32(60, 180, 190, 255);
constexpr ImU32 kNew = IM_COL32(90, 90, 90, 255);
constexpr ImU32 kDone = IM_COL32(60, 60, 60, 255);

constexpr ImU32 kLaneBg = IM_COL32(32, 34, 38, 255);
constexpr ImU32 kLaneBgAlt = IM_COL32(38, 40, 45, 255);
constexpr ImU32 kAxis = IM_COL32(150, 150, 150, 255);
constexpr ImU32 kGrid = IM_COL32(70, 70, 70, 255);
constexpr ImU32 kLabel = IM_COL32(220, 220, 220, 255);
constexpr ImU32 kError = IM_COL32(255, 110, 100, 255);
constexpr ImU32 kRaisedLine = IM_COL32(86, 28, 44, 255); // under a line where an exception that ended a thread was raised
constexpr ImU32 kHeader = IM_COL32(52, 56, 66, 255);
constexpr ImU32 kCursor = IM_COL32(255, 255, 255, 220);
constexpr ImU32 kFuture = IM_COL32(20, 20, 24, 150); // laid over everything after the cursor
constexpr ImU32 kArrow = IM_COL32(255, 255, 255, 170);
constexpr ImU32 kCounter = IM_COL32(120, 200, 255, 255);
constexpr ImU32 kIdle = IM_COL32(45, 47, 52, 255);

// Lock lanes in Tracy's colour language.
constexpr ImU32 kLockHeld = IM_COL32(70, 170, 80, 255);       // held, nobody waiting
constexpr ImU32 kLockContended = IM_COL32(225, 200, 50, 255); // held while others wait
constexpr ImU32 kLockWaiting = IM_COL32(215, 65, 55, 255);    // waited for

// A stable colour per thread for CPU and GIL lanes: hues spread by the golden ratio.
inline ImU32 thread_colour(int thread) {
  const float h = static_cast<float>(thread) * 0.618034f;
  float r, g, b;
  ImGui::ColorConvertHSVtoRGB(h - static_cast<float>(static_cast<int>(h)), 0.55f, 0.85f, r, g, b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.0f));
}

inline ImU32 state_colour(ThreadState s) {
  switch (s) {
    case ThreadState::Running: return kRunning;
    case ThreadState::Ready: return kReady;
    case ThreadState::WaitGil: return kWaitGil;
    case ThreadState::Blocked: return kBlocked;
    case ThreadState::Sleeping: return kSleeping;
    case ThreadState::Io: return kIo;
    case ThreadState::Done: return kDone;
    case ThreadState::New:
    case ThreadState::count_: break;
  }
  return kNew;
}

} // namespace il::ui::theme
