package com.paubox.tracking.model.validation;

import java.util.Map;

import com.paubox.tracking.model.EventLimits;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class ValidPropertiesValidator implements ConstraintValidator<ValidProperties, Map<String, Object>> {

    @Override
    public boolean isValid(Map<String, Object> properties, ConstraintValidatorContext context) {
        return properties == null || isValidObject(properties, 1);
    }

    private static boolean isValidObject(Map<?, ?> object, int depth) {
        if (object.size() > EventLimits.MAX_PROPERTIES) {
            return false;
        }
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.isEmpty() || key.length() > EventLimits.MAX_PROPERTY_KEY_CHARS || !isValidValue(entry.getValue(), depth)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidValue(Object value, int depth) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof String text) {
            return text.length() <= EventLimits.MAX_PROPERTY_VALUE_CHARS;
        }
        if (value instanceof Map<?, ?> nested) {
            return depth < EventLimits.MAX_PROPERTY_DEPTH && isValidObject(nested, depth + 1);
        }
        return false; // arrays and anything else
    }
}
