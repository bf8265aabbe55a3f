package com.paubox.tracking.model.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** {@code properties} is small and flat-ish: bounded keys, lengths and nesting (docs/events.md). */
@Documented
@Constraint(validatedBy = ValidPropertiesValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidProperties {
    String message() default "must be an object of at most 20 keys (1-64 chars) whose values are strings of at most 256 chars, numbers, booleans, null or one nested object of those";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
