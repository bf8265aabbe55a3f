package com.paubox.tracking.model.validation;

import com.paubox.tracking.model.AnalyticsEvent;
import com.paubox.tracking.model.EventType;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Reports each offending field by its wire name, so the client learns exactly what to fix. */
public class ConsistentWithTypeValidator implements ConstraintValidator<ConsistentWithType, AnalyticsEvent> {

    @Override
    public boolean isValid(AnalyticsEvent event, ConstraintValidatorContext context) {
        if (event == null || event.type() == null) {
            return true; // @NotNull on type reports that
        }
        context.disableDefaultConstraintViolation();
        EventType type = event.type();
        boolean valid = true;
        valid &= expect(context, type == EventType.TIME_ON_PAGE, event.durationMs(), "duration_ms", true);
        valid &= expect(context, type == EventType.TIME_ON_PAGE, event.visibleMs(), "visible_ms", true);
        valid &= expect(context, type == EventType.CLICK, event.label(), "label", true);
        valid &= expect(context, type == EventType.CLICK, event.element(), "element", true);
        valid &= expect(context, type == EventType.CLICK, event.hrefPath(), "href_path", false);
        valid &= expect(context, type == EventType.LOGIN_FAILURE, event.errorCode(), "error_code", true);
        if (event.durationMs() != null && event.visibleMs() != null && event.visibleMs() > event.durationMs()) {
            violation(context, "visible_ms", "must not exceed duration_ms");
            valid = false;
        }
        return valid;
    }

    private static boolean expect(ConstraintValidatorContext context, boolean belongs, Object value, String field,
            boolean requiredWhenBelongs) {
        if (belongs && requiredWhenBelongs && value == null) {
            violation(context, field, "is required for this event type");
            return false;
        }
        if (!belongs && value != null) {
            violation(context, field, "is not allowed for this event type");
            return false;
        }
        return true;
    }

    private static void violation(ConstraintValidatorContext context, String field, String message) {
        context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
    }
}
