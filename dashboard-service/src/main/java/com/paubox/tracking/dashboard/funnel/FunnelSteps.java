package com.paubox.tracking.dashboard.funnel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.funnel.FunnelMatcher.StepResult;
import com.paubox.tracking.dashboard.model.FunnelReport;
import com.paubox.tracking.dashboard.service.BadParameterException;

/** The {@code step} parameters (2 to 8, in order) and the answer built from the matcher's counts. */
public final class FunnelSteps {

    public static final int MIN = 2;
    public static final int MAX = 8;

    private FunnelSteps() {
    }

    public static List<FunnelStep> parse(List<String> values) {
        if (values == null || values.size() < MIN || values.size() > MAX) {
            throw new BadParameterException("step", "a funnel has " + MIN + " to " + MAX + " step parameters, in order (got "
                    + (values == null ? 0 : values.size()) + ")");
        }
        List<FunnelStep> steps = new ArrayList<>();
        values.forEach(v -> steps.add(FunnelStep.parse(v)));
        return steps;
    }

    public static FunnelReport report(List<FunnelStep> steps, FunnelWindow window, List<StepResult> results) {
        List<FunnelReport.Step> out = new ArrayList<>();
        long first = results.get(0).reached();
        for (int i = 0; i < steps.size(); i++) {
            StepResult r = results.get(i);
            Long previous = i == 0 ? null : results.get(i - 1).reached();
            out.add(new FunnelReport.Step(steps.get(i).wire(), r.sessions(), r.users(), previous == null ? null : percent(r.reached(), previous),
                    percent(r.reached(), first), r.medianMillisFromPrevious(), previous == null ? null : previous - r.reached(),
                    previous == null ? null : percent(previous - r.reached(), previous)));
        }
        return new FunnelReport(window.wire(), window.perUser() ? "users" : "sessions", out);
    }

    /** part ÷ whole × 100, one decimal; null over nothing. */
    static Double percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).doubleValue();
    }
}
