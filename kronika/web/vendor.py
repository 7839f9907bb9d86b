"""Copy the front-end libraries from node_modules/ into kronika/web/static/vendor/ (a maintainer's tool).

    npm ci --ignore-scripts && python3 kronika/web/vendor.py

Users never run this: the vendored copies (with their licence files) are committed, so the web app
works offline with no build step. Versions are pinned in package.json / package-lock.json.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE = ROOT / "node_modules"
DEST = Path(__file__).resolve().parent / "static" / "vendor"

FILES = {
    "htmx.org": ["dist/htmx.min.js", "LICENSE"],
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images/marker-icon.png",
                "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png",
                "dist/images/layers.png", "dist/images/layers-2x.png", "LICENSE"],
    "leaflet.markercluster": ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css",
                              "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"],
    "world-atlas": ["countries-50m.json", "LICENSE"],
    "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
    "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui-bundle.js.LICENSE.txt", "swagger-ui.css",
                        "LICENSE", "NOTICE"],
}


def main() -> int:
    if not NODE.is_dir():
        print("node_modules/ missing: run `npm ci --ignore-scripts` first", file=sys.stderr)
        return 1
    versions = {}
    for pkg, files in FILES.items():
        src = NODE / pkg
        version = json.loads((src / "package.json").read_text())["version"]
        versions[pkg] = version
        out = DEST / pkg
        shutil.rmtree(out, ignore_errors=True)
        for f in files:
            target = out / (f.removeprefix("dist/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / f, target)
    (DEST / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n")
    print(json.dumps(versions, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
