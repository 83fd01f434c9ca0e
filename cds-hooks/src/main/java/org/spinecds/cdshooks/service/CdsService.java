package org.spinecds.cdshooks.service;

import java.util.List;

import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.ServiceDescriptor;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.Hook;

/** One CDS service: what discovery says about it, the data it needs, and its answer to a validated request. */
public interface CdsService {

    String id();

    Hook hook();

    List<PrefetchTemplate> prefetch();

    ServiceDescriptor descriptor();

    CdsResponse answer(CdsRequest request, ResolvedData data);
}
