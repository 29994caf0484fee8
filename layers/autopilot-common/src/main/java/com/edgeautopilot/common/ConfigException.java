package com.edgeautopilot.common;

/** A configuration value is missing or invalid. The message always names the setting. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    public ConfigException(String setting, String problem) {
        super("Invalid configuration: " + setting + " " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
