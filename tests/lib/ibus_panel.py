#!/usr/bin/python3
# An IBus panel for the kiosk's IME test (tests/kiosk/ime.test.mjs): where a real desktop's panel
# would draw the candidate window, this one prints what IBus asks it to draw, one JSON object a
# line on stdout: the caret rectangle the client reported (SetCursorLocation, from SDL's
# SDL_SetTextInputRect), the candidates, and the focus. Run with Debian's python3 (python3-gi and
# gir1.2-ibus-1.0 come with the ibus package) on the bus given by IBUS_ADDRESS or ibus's address file.
import json
import sys

import gi

gi.require_version('IBus', '1.0')
from gi.repository import GLib, IBus  # noqa: E402


def say(**what):
    print(json.dumps(what, ensure_ascii=False), flush=True)


class Panel(IBus.PanelService):
    def do_focus_in(self, path):
        say(focus=path)

    def do_focus_out(self, path):
        say(unfocus=path)

    def do_register_properties(self, props):
        say(engine_ready=True)

    def do_set_cursor_location(self, x, y, w, h):
        say(cursor=[x, y, w, h])

    def do_update_lookup_table(self, table, visible):
        n = table.get_number_of_candidates()
        say(candidates=[table.get_candidate(i).get_text() for i in range(min(n, 10))], visible=visible)


def main():
    IBus.init()
    bus = IBus.Bus()
    if not bus.is_connected():
        print('ibus_panel: cannot connect to ibus-daemon', file=sys.stderr)
        return 1
    panel = Panel(connection=bus.get_connection(), object_path=IBus.PATH_PANEL)
    if bus.request_name(IBus.SERVICE_PANEL, 0) != 1:
        print('ibus_panel: another panel owns the name', file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    bus.connect('disconnected', lambda _bus: loop.quit())
    say(panel=True)
    loop.run()
    del panel
    return 0


if __name__ == '__main__':
    sys.exit(main())
