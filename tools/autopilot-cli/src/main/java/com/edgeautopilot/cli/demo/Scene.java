package com.edgeautopilot.cli.demo;

import java.util.Map;

/**
 * One part of {@code ./autopilot demo}: a function of the system shown at work. Each function adds its own scene to
 * {@link DemoCommand#SCENES}; a scene tells its story through {@link Stage#narrator()} (human output) and returns
 * the same facts as a JSON object (the {@code --json} document's entry for it).
 */
public interface Scene {

    /** Stable id, used by {@code --scene} and as the JSON {@code id} (the function's folder name). */
    String id();

    /** One line saying what the scene shows. */
    String title();

    /** Plays the scene. Throwing ends the demo with a failure; a scene that cannot run here says so and returns. */
    Map<String, Object> play(Stage stage) throws Exception;
}
