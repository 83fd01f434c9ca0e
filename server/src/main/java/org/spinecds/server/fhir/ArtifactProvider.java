package org.spinecds.server.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;

/**
 * Read and search, and nothing else, over one type of knowledge artifact built at start-up: by id, and by
 * {@code url} (exact), {@code name} (FHIR string search: case-insensitive prefix, {@code :exact}, {@code :contains})
 * and {@code version} (exact). Each answer is a copy, so that nothing HAPI does while it writes a response can change
 * what the next caller reads.
 */
final class ArtifactProvider<T extends MetadataResource> implements IResourceProvider {

    private final Class<T> type;
    private final Map<String, T> byId = new LinkedHashMap<>();

    ArtifactProvider(Class<T> type, List<T> artifacts) {
        this.type = type;
        artifacts.forEach(artifact -> byId.put(artifact.getIdElement().getIdPart(), artifact));
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Read
    public MetadataResource read(@IdParam IdType id) {
        T artifact = byId.get(id.getIdPart());
        if (artifact == null) {
            throw new ResourceNotFoundException(id);
        }
        return artifact.copy();
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "url") UriParam url,
            @OptionalParam(name = "name") StringParam name, @OptionalParam(name = "version") TokenParam version) {
        List<IBaseResource> found = byId.values().stream()
                .filter(artifact -> url == null || url.getValue().equals(artifact.getUrl()))
                .filter(artifact -> name == null || matches(name, artifact.getName()))
                .filter(artifact -> version == null || version.getValue().equals(artifact.getVersion()))
                .map(artifact -> (IBaseResource) artifact.copy())
                .toList();
        return new SimpleBundleProvider(found);
    }

    private static boolean matches(StringParam search, String value) {
        if (value == null) {
            return false;
        }
        if (search.isExact()) {
            return value.equals(search.getValue());
        }
        String text = value.toLowerCase(Locale.ROOT);
        String wanted = search.getValue().toLowerCase(Locale.ROOT);
        return search.isContains() ? text.contains(wanted) : text.startsWith(wanted);
    }
}
