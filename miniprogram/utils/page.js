// What every page does around the shared shell: starts it (the host installed, the random pool
// filled) before the first core call, and says a failure in words on the page.
const tb = require('../lib/tongban.js');

// Runs `work` after start(); a failure becomes the page's `error` text instead of an unhandled
// rejection (the core's refusals are already plain Chinese). Every page also learns whether it is
// drawn in 长辈版 (its root view's `elderly` class: larger text and targets, app.wxss).
async function load(page, work) {
  try {
    await tb.start();
    if (page.data.elderly !== tb.elderlyMode()) page.setData({ elderly: tb.elderlyMode() });
    await work();
  } catch (e) {
    page.setData({ error: `出错了：${e && e.message ? e.message : e}` });
  }
}

const go = (url) => wx.navigateTo({ url });

// Lists of guide items as the pages draw them: the name split at the search matches, the badges.
const listItems = (items) => items.map((it) => ({
  id: it.id, department: it.department,
  segments: tb.highlightSegments(it.name, it.highlights), badges: tb.itemBadges(it),
}));

module.exports = { tb, load, go, listItems };
