// A caregiver's day on a map (Leaflet, bundled): places, the ferry lines, her home, the visits in order and the
// route, all from our own coordinates; background tiles only when a tile URL is configured and reachable.
const maps = new WeakMap();

// Leaflet's script (44 KB over the wire, 148 KB to parse) is fetched the first time a map is drawn, not by every page:
// only the roster board draws maps, and a caregiver's phone on a slow line should not pay for it. Its small stylesheet
// stays in App.razor's head.
let leaflet;
function loadLeaflet(src) {
    leaflet ??= window.L ? Promise.resolve(window.L) : new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = () => resolve(window.L);
        script.onerror = () => {
            leaflet = undefined;
            reject(new Error('Leaflet did not load'));
        };
        document.head.append(script);
    });
    return leaflet;
}

function label(text) {
    const span = document.createElement('span');
    span.textContent = text;
    return span;
}

export async function render(element, data, tiles, leafletScript) {
    const L = await loadLeaflet(leafletScript);
    dispose(element);
    const map = L.map(element, { attributionControl: !!tiles.url });
    if (tiles.url) {
        L.tileLayer(tiles.url, { attribution: tiles.attribution || '', maxZoom: 18 }).addTo(map);
    }
    for (const f of data.ferries) {
        L.polyline([[f.fromLat, f.fromLon], [f.toLat, f.toLon]], { color: '#00897b', weight: 2, dashArray: '6 6', opacity: 0.7 })
            .bindTooltip(label(f.code)).addTo(map);
    }
    for (const p of data.places) {
        L.circleMarker([p.lat, p.lon], { radius: 4, color: '#616161', weight: 1, fillOpacity: 0.6 })
            .bindTooltip(label(p.name)).addTo(map);
    }
    const home = [data.home.lat, data.home.lon];
    const route = [home, ...data.stops.map(s => [s.lat, s.lon]), home];
    L.polyline(route, { color: '#1e88e5', weight: 3 }).addTo(map);
    L.circleMarker(home, { radius: 8, color: '#4a148c', fillOpacity: 0.9 }).bindTooltip(label(data.home.label)).addTo(map);
    data.stops.forEach((s, i) => {
        const icon = L.divIcon({ className: 'map-stop', html: String(i + 1), iconSize: [22, 22] });
        L.marker([s.lat, s.lon], { icon, title: `${i + 1}. ${s.time} ${s.name}` })
            .bindTooltip(label(`${i + 1}. ${s.time} ${s.name}`)).addTo(map);
    });
    map.fitBounds(L.latLngBounds(route).pad(0.4));
    maps.set(element, map);
    element.dataset.stops = String(data.stops.length);
}

export function dispose(element) {
    const map = maps.get(element);
    if (map) {
        map.remove();
        maps.delete(element);
    }
}
