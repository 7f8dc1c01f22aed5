import '../worker/index.js';
