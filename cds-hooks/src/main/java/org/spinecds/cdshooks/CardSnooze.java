package org.spinecds.cdshooks;

import java.util.List;

import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;

/**
 * Which of the cards a service would answer are shown: a clinician who overrode a piece of advice for a patient
 * does not see it again at every chart open (the server keeps the overrides). Applied before the call is observed,
 * so that the record of cards sent holds what was really sent.
 */
@FunctionalInterface
public interface CardSnooze {

    CardSnooze NONE = (serviceId, request, data, cards) -> cards;

    List<Card> shown(String serviceId, CdsRequest request, ResolvedData data, List<Card> cards);
}
