/**
 * The viper CLI under a file-size limit (`ulimit -f`, set by the test's shell): with SIGXFSZ handled, a
 * write past the limit fails with a short write / EFBIG, which SQLite reports as a full disk, instead of
 * the signal killing the process. This is how a full disk is made without mounting one.
 */
process.on('SIGXFSZ', () => undefined);
export {};
const { runViper } = await import('../viper');
process.exitCode = await runViper(process.argv.slice(2));
