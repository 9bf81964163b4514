import Logging

/// A logger that passes only errors, so test output stays readable.
public let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .error
    return logger
}()
