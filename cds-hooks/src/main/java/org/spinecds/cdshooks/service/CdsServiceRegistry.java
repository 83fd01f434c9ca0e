package org.spinecds.cdshooks.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.spinecds.cdshooks.model.Discovery;

/** The services this server offers, listed explicitly (no scanning), in discovery order. */
public final class CdsServiceRegistry {

    private final Map<String, CdsService> services = new LinkedHashMap<>();

    public CdsServiceRegistry(List<CdsService> services) {
        for (CdsService service : services) {
            if (this.services.put(service.id(), service) != null) {
                throw new IllegalArgumentException("Two services share the id " + service.id());
            }
        }
    }

    public Optional<CdsService> find(String id) {
        return Optional.ofNullable(services.get(id));
    }

    public Discovery discovery() {
        return new Discovery(services.values().stream().map(CdsService::descriptor).toList());
    }
}
