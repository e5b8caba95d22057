#!/usr/bin/env node
// Committed shim: npm links workspace bins only when the target exists at install time,
// so `bin` points here and the real bundle is built by the root `prepare` script.
import '../dist/ningan.mjs';
