// The map: an offline basemap (Natural Earth countries from world-atlas, via topojson-client) and the
// events of /api/map as clustered circle markers. Popups are built with textContent: never HTML.
(function () {
  "use strict";
  var COLORS = {
    PROTEST: "#d99a00", ASSAULT: "#c0392b", COERCE: "#e06c5a", THREATEN: "#e67e22", SANCTION: "#d35400",
    ACCUSE: "#c2188f", REJECT: "#a64d79", AGREE: "#27ae60", COOPERATE: "#2e9e6a", SUPPORT: "#5cb85c",
    AID: "#16a085", CONSULT: "#2f80ed", REQUEST: "#5b8def", MOBILIZE: "#8e44ad", RETREAT: "#7f6bbf",
    CONCEDE: "#9b7fd1"
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function popup(p) {
    var box = el("div");
    var head = el("div");
    head.appendChild(el("span", "badge t-" + p.type, p.type));
    if (p.mode) head.appendChild(el("span", "mode", p.mode + " "));
    (p.statuses || [p.status]).forEach(function (s) { head.appendChild(el("span", "status s-" + s, s + " ")); });
    box.appendChild(head);
    var a = el("a", null, (p.actors && p.actors.length ? p.actors.join(", ") : "event") + " →");
    a.href = "/events/" + encodeURIComponent(p.id);
    box.appendChild(a);
    box.appendChild(el("div", "meta", (p.date || "undated") + " · " + (p.place || "") + (p.country ? " (" + p.country + ")" : "")));
    if (p.sources != null) {
      var n = el("div", "meta", p.sources + " source" + (p.sources === 1 ? "" : "s") +
        (p.reports !== p.sources ? " (" + p.reports + " reports)" : ""));
      if (p.disputed) n.appendChild(el("strong", "disputed", " · disputed: " + (p.disputed_figures || []).join(", ")));
      box.appendChild(n);
    }
    return box;
  }

  // world-atlas rings that cross the antimeridian jump from +180 to -180; drawn flat, that jump is a
  // line across the whole map. Shift such a ring's western longitudes by 360 so it stays in one piece.
  function mend(ring) {
    var lons = ring.map(function (p) { return p[0]; });
    var span = Math.max.apply(null, lons) - Math.min.apply(null, lons);
    if (span <= 180) return ring;
    var shifted = lons.map(function (l) { return l < 0 ? l + 360 : l; });
    if (Math.max.apply(null, shifted) - Math.min.apply(null, shifted) >= 180) return ring;
    return ring.map(function (p) { return [p[0] < 0 ? p[0] + 360 : p[0], p[1]]; });
  }
  function mendFeature(f) {
    var g = f.geometry;
    if (!g) return f;
    if (g.type === "Polygon") g.coordinates = g.coordinates.map(mend);
    else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map(function (poly) { return poly.map(mend); });
    return f;
  }

  function init() {
    var node = document.getElementById("map");
    if (!node || !window.L) return;
    var status = document.getElementById("map-status");
    var map = L.map(node, { worldCopyJump: true, minZoom: 1, maxZoom: 13, zoomSnap: 0.25 }).setView([30, 10], 2);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth (world-atlas) · Leaflet");

    fetch(node.dataset.basemap).then(function (r) { return r.json(); }).then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      land.features = land.features.filter(function (f) { return (f.properties || {}).name !== "Antarctica"; });
      land.features.forEach(mendFeature);
      L.geoJSON(land, {
        style: { color: "#9aa7b4", weight: 0.7, fillColor: "#f6f3ea", fillOpacity: 1 },
        interactive: false
      }).addTo(map).bringToBack();
      node.dataset.basemap_ready = "1";
    }).catch(function () { status.textContent += " (basemap unavailable)"; });

    var cluster = L.markerClusterGroup({ maxClusterRadius: 40, chunkedLoading: true, showCoverageOnHover: false });
    map.addLayer(cluster);

    var legendBox = el("div", "legend-map");
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () { return legendBox; };
    legend.addTo(map);

    function drawLegend(types) {
      legendBox.replaceChildren();
      Object.keys(COLORS).filter(function (t) { return types[t]; }).forEach(function (t) {
        var row = el("div");
        var dot = el("i");
        dot.style.background = COLORS[t];
        row.appendChild(dot);
        row.appendChild(document.createTextNode(t + " " + types[t]));
        legendBox.appendChild(row);
      });
      legendBox.hidden = !legendBox.childElementCount;
    }

    function load(url) {
      status.textContent = "loading places…";
      node.dataset.ready = "";
      fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
        if (!r.ok) return r.json().then(function (j) { throw new Error(typeof j.detail === "string" ? j.detail : r.status); });
        return r.json();
      }).then(function (fc) {
        cluster.clearLayers();
        var types = {};
        fc.features.forEach(function (f) { types[f.properties.type] = (types[f.properties.type] || 0) + 1; });
        drawLegend(types);
        var markers = fc.features.map(function (f) {
          var c = f.geometry.coordinates, p = f.properties, col = COLORS[p.type] || "#555";
          var m = L.circleMarker([c[1], c[0]], { radius: 7, color: "#fff", weight: 1.5, fillColor: col, fillOpacity: 0.9 });
          m.bindPopup(function () { return popup(p); });
          return m;
        });
        cluster.addLayers(markers);
        node.dataset.markers = String(markers.length);
        node.dataset.ready = "1";
        status.textContent = markers.length.toLocaleString("en") + " placed event" + (markers.length === 1 ? "" : "s") + " on the map" +
          (fc.truncated ? " (first " + markers.length + " only)" : "") + ".";
        if (markers.length) map.fitBounds(cluster.getBounds().pad(0.1), { maxZoom: 6 });
      }).catch(function (err) {
        status.textContent = "Could not load events: " + err.message;
        node.dataset.ready = "error";
      });
    }

    var form = document.getElementById("filters");
    if (form) {
      form.addEventListener("change", function () { form.requestSubmit(); });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var params = new URLSearchParams();
        new FormData(form).forEach(function (v, k) { if (v) params.append(k, v); });
        var qs = params.toString();
        history.replaceState(null, "", "/map" + (qs ? "?" + qs : ""));
        load("/api/map" + (qs ? "?" + qs : ""));
      });
    }
    load(node.dataset.api);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
