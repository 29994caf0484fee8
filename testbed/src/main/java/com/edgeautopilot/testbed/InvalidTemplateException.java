package com.edgeautopilot.testbed;

/**
 * The template breaks a rule of the CloudFormation template reference (an intrinsic function's argument types, a
 * name that does not exist): CloudFormation would refuse it at deploy time, so the test bed refuses it too.
 */
public final class InvalidTemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidTemplateException(String message) {
        super(message);
    }
}
