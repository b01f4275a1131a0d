// The progress line's text (progress.h): counts grouped in thousands, the percentage, the rate and the time left
// rounded up; a phase without a count shows the time taken, rounded down.
#include <gtest/gtest.h>

#include "sitrt/progress.h"

using sitrt::Progress;

TEST(Progress, CountsRateAndTimeLeft) {
  EXPECT_EQ(Progress::line("sitc", "main", "", 40960, 100000, 2.0),
            "sitc: main 40,960 / 100,000 paths (40%), 20k paths/s, 0:03 left");
  EXPECT_EQ(Progress::line("sim", "pilot", "", 0, 5000, 0.5), "sim: pilot 0 / 5,000 paths (0%)");
  EXPECT_EQ(Progress::line("sitc", "main", "", 3000000, 10000000, 1.5),
            "sitc: main 3,000,000 / 10,000,000 paths (30%), 2.0M paths/s, 0:04 left");
  EXPECT_EQ(Progress::line("sitc", "main", "point 2 of 5", 1, 1001, 1.0),
            "sitc: main (point 2 of 5) 1 / 1,001 paths (0%), 1 paths/s, 16:40 left");
  EXPECT_EQ(Progress::line("sitc", "main", "", 1, 4000, 1.0), "sitc: main 1 / 4,000 paths (0%), 1 paths/s, 1:06:39 left");
}

TEST(Progress, PhasesWithoutACountShowTheTimeTaken) {
  EXPECT_EQ(Progress::line("sitc", "compile", "", 0, 0, 1.9), "sitc: compile, 0:01");
  EXPECT_EQ(Progress::line("sitc", "statistics", "", 0, 0, 75), "sitc: statistics, 1:15");
}
