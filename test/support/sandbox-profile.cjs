// Runs before each test file of a jest project: the project's sandbox profile becomes the default of
// every startSandbox() in that file (sandbox/server.cts reads INSTAMOJO_SANDBOX_PROFILE).
process.env.INSTAMOJO_SANDBOX_PROFILE = globalThis.INSTAMOJO_SANDBOX_PROFILE;
