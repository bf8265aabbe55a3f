package com.paubox.tracking.model.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** Type-specific fields are present exactly when the event's type needs them (docs/events.md). */
@Documented
@Constraint(validatedBy = ConsistentWithTypeValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsistentWithType {
    String message() default "does not match the event type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
