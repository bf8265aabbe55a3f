package com.paubox.tracking.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of event the snippet sends; the wire name is snake_case. */
public enum EventType {
    PAGE_VIEW("page_view"),
    TIME_ON_PAGE("time_on_page"),
    CLICK("click"),
    LOGIN_SUCCESS("login_success"),
    LOGIN_FAILURE("login_failure");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean isLogin() {
        return this == LOGIN_SUCCESS || this == LOGIN_FAILURE;
    }

    @JsonCreator
    public static EventType fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type");
    }
}
