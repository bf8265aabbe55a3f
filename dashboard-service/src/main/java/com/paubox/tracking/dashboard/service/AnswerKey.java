package com.paubox.tracking.dashboard.service;

import java.lang.reflect.Method;

import io.quarkus.cache.CacheKeyGenerator;
import io.quarkus.cache.CompositeCacheKey;

/**
 * Cache key of an answer: the endpoint (method name) and every parameter. Quarkus's default key is the
 * parameters only, so /overview and /sessions of the same query would share one entry in the shared cache.
 */
public class AnswerKey implements CacheKeyGenerator {

    @Override
    public Object generate(Method method, Object... methodParams) {
        Object[] elements = new Object[methodParams.length + 1];
        elements[0] = method.getName();
        System.arraycopy(methodParams, 0, elements, 1, methodParams.length);
        return new CompositeCacheKey(elements);
    }
}
