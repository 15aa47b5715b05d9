// The mini-program: the host is installed and the core module's random source filled before the
// first page asks the core anything (every page awaits start() too, so the order is not assumed);
// then the publisher is asked for a newer, verified guide catalogue (and again whenever the network
// returns).
const tb = require('./lib/tongban.js');

App({
  onLaunch() {
    return tb.start().then(() => tb.updateGuides()).catch((e) => console.error('通办 could not start:', e.message));
  },
});
