package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.spinecds.cdshooks.CdsHooksException;

/** What a client sent for one prefetch key, as read from the body. */
sealed interface SentValue {

    /**
     * The resources to use, with those set aside that {@code wanted} asks for by their identities; empty when the key
     * counts as not sent. Throws the value's error if it is not FHIR R4 JSON.
     */
    Optional<List<IBaseResource>> resources(Predicate<List<String>> wanted);

    /** Adds the identities of the records whose copies here were parsed (kept). */
    default void addKeptRecords(Set<String> keptRecords) {
    }

    /** JSON null: the client ran the query and found nothing. */
    record NothingFound() implements SentValue {

        @Override
        public Optional<List<IBaseResource>> resources(Predicate<List<String>> wanted) {
            return Optional.of(List.of());
        }
    }

    /** An OperationOutcome: the client's own query failed, so the key is fetched or reported as not answered. */
    record QueryFailed() implements SentValue {

        @Override
        public Optional<List<IBaseResource>> resources(Predicate<List<String>> wanted) {
            return Optional.empty();
        }
    }

    /** Not FHIR R4 JSON: the request fails with this error if, and when, the key is used. */
    record Invalid(CdsHooksException error) implements SentValue {

        @Override
        public Optional<List<IBaseResource>> resources(Predicate<List<String>> wanted) {
            throw error;
        }
    }

    /** The resources sent, in their order: each parsed, or set aside ({@link ReadableResources}). */
    record Resources(List<Resource> sent) implements SentValue {

        @Override
        public Optional<List<IBaseResource>> resources(Predicate<List<String>> wanted) {
            List<IBaseResource> resources = new ArrayList<>(sent.size());
            for (Resource resource : sent) {
                if (resource.parsed() != null) {
                    resources.add(resource.parsed());
                } else if (wanted.test(resource.identities())) {
                    resources.add(resource.setAside().get());
                }
            }
            return Optional.of(resources);
        }

        @Override
        public void addKeptRecords(Set<String> keptRecords) {
            sent.stream().filter(resource -> resource.parsed() != null)
                    .forEach(resource -> keptRecords.addAll(resource.identities()));
        }
    }

    /** One resource: parsed, or how to parse it should it be needed after all (it may then prove invalid). */
    record Resource(List<String> identities, IBaseResource parsed, Supplier<IBaseResource> setAside) {

        static Resource parsed(List<String> identities, IBaseResource resource) {
            return new Resource(identities, resource, null);
        }

        static Resource setAside(List<String> identities, Supplier<IBaseResource> parse) {
            return new Resource(identities, null, parse);
        }
    }
}
