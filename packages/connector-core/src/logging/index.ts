export {
  createStreamLogger,
  isLogLevel,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LogLevel,
  type StreamLoggerOptions,
  silentLogger,
} from './logger.ts';
