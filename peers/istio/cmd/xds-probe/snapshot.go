package main

import (
	"sort"

	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
)

// routeView is one route as a test asserts on it: which requests match and where they go.
type routeView struct {
	Prefix  string `json:"prefix,omitempty"`
	Path    string `json:"path,omitempty"`
	Regex   string `json:"regex,omitempty"`
	Cluster string `json:"cluster,omitempty"`
	Direct  uint32 `json:"directResponse,omitempty"`
}

type virtualHostView struct {
	Name    string      `json:"name"`
	Domains []string    `json:"domains"`
	Routes  []routeView `json:"routes"`
}

// snapshot is one JSON line: the names of everything held, routes resolved to their targets and
// each listener's HTTP filter chain (EnvoyFilter and WasmPlugin changes show there).
func (h *holdings) snapshot(typeURL, version string) map[string]any {
	routes := map[string][]virtualHostView{}
	for name, rc := range h.routes {
		hosts := []virtualHostView{}
		for _, vh := range rc.VirtualHosts {
			v := virtualHostView{Name: vh.Name, Domains: append([]string{}, vh.Domains...), Routes: []routeView{}}
			for _, r := range vh.Routes {
				v.Routes = append(v.Routes, viewOf(r))
			}
			hosts = append(hosts, v)
		}
		sort.Slice(hosts, func(i, j int) bool { return hosts[i].Name < hosts[j].Name })
		routes[name] = hosts
	}
	filters := map[string][]string{}
	h.managers(func(listenerName string, m *hcm.HttpConnectionManager) {
		for _, f := range m.HttpFilters {
			filters[listenerName] = append(filters[listenerName], f.Name)
		}
	})
	return map[string]any{
		"event":       "update",
		"type":        typeURL,
		"version":     version,
		"listeners":   sortedKeys(h.listeners),
		"clusters":    sortedKeys(h.clusters),
		"extensions":  sortedKeys(h.extensions),
		"routes":      routes,
		"httpFilters": filters,
	}
}

func viewOf(r *route.Route) routeView {
	v := routeView{}
	switch m := r.GetMatch().GetPathSpecifier().(type) {
	case *route.RouteMatch_Prefix:
		v.Prefix = m.Prefix
	case *route.RouteMatch_Path:
		v.Path = m.Path
	case *route.RouteMatch_SafeRegex:
		v.Regex = m.SafeRegex.GetRegex()
	case *route.RouteMatch_PathSeparatedPrefix:
		v.Prefix = m.PathSeparatedPrefix
	}
	if a := r.GetRoute(); a != nil {
		v.Cluster = a.GetCluster()
		if wc := a.GetWeightedClusters(); wc != nil && len(wc.Clusters) > 0 {
			v.Cluster = wc.Clusters[0].Name
		}
	}
	if d := r.GetDirectResponse(); d != nil {
		v.Direct = d.Status
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
