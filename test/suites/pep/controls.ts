// Negative controls for the pep area (XEP-0163, XEP-0060): the fake's PEP service breaks one rule each.
import type { BrokenPeer, Control, ControlTable } from '../../support/control.js';
import type { PepFault } from '../../support/fake-server/fake-pep.js';

const broken = (requirements: string[], breaks: string, pepFault: PepFault): BrokenPeer => ({ requirements, breaks, behaviour: { pepFault } });
const control = (first: BrokenPeer, ...also: BrokenPeer[]): Control => ({ ...first, ...(also.length ? { also } : {}) });

export const PEP_CONTROLS: ControlTable = {
  'xep0163/pep/account-identity': control(
    broken(['xep0163-6.1-identity-pubsub-pep'], "shows no <identity category='pubsub' type='pep'/> on the account's bare JID", 'no-identity'),
    broken(['xep0060-7.1.1-advertise-publish'], 'does not advertise pubsub#publish', 'no-publish-feature'),
  ),
  'xep0060/pep/pubsub-on-a-jid-feature': control(broken(['xep0060-9-pubsub-on-a-jid'], 'does not advertise pubsub#pubsub-on-a-jid', 'no-pubsub-on-a-jid')),
  'xep0163/pep/auto-create-on-publish': control(
    broken(['xep0163-3-auto-create'], 'refuses a publish to a node that does not exist with <item-not-found/>', 'no-auto-create'),
    broken(['xep0060-7.1.2-inform-success'], 'publishes but never answers the publish', 'publish-silent'),
  ),
  'xep0060/pep/auto-create-advertised': control(
    broken(['xep0060-7.1.4-advertise-auto-create'], 'creates nodes on publish without advertising pubsub#auto-create', 'no-auto-create-feature'),
  ),
  'xep0060/pep/generated-item-id': control(
    broken(['xep0060-7.1.1-generate-item-id'], 'stores an item published without an id without giving it one', 'no-generated-id'),
  ),
  'xep0060/pep/result-names-generated-id': control(
    broken(['xep0060-7.1.2-result-item-id'], 'leaves the generated id out of the publish result', 'result-without-id'),
  ),
  'xep0060/pep/republish-overwrites': control(
    broken(['xep0060-7.1.2-overwrite-same-id'], 'adds a second item under an id the node already holds', 'republish-adds'),
  ),
  'xep0163/pep/items-persist-across-logins': control(
    broken(['xep0060-7.1.2-store-item'], 'forgets the items a session published when it ends', 'forget-on-logout'),
    broken(['xep0060-6.5.1-owner-retrieves'], 'refuses the owner its own items with <forbidden/>', 'owner-items-forbidden'),
  ),
  'xep0060/pep/foreign-publish-refused': control(
    broken(['xep0060-7.1.3.1-forbidden-publish'], "takes a publish to another account's node", 'foreign-publish-allowed'),
  ),
  'xep0060/pep/items-unknown-node': control(
    broken(['xep0060-6.5.9.11-items-node-not-found'], 'answers the items of a node that does not exist with an empty result', 'items-unknown-empty'),
  ),
  'xep0060/pep/publish-options-open-access': control(
    broken(
      ['xep0060-7.1.5-autocreate-with-options'],
      'creates the node with the default access model whatever the publish options say',
      'ignore-access-option',
    ),
    broken(
      ['xep0163-5-open-access-model', 'xep0060-6.5.1-open-anyone-retrieves'],
      "refuses an open node's items to entities without a subscription",
      'open-refuses-strangers',
    ),
  ),
  'xep0060/pep/publish-options-max-items': control(
    broken(['xep0060-7.1.5-autocreate-with-options'], 'creates the node keeping one item whatever pubsub#max_items says', 'ignore-max-items-option'),
  ),
  'xep0060/pep/publish-options-max-items-max': control(
    broken(['xep0060-7.1.5-autocreate-with-options'], "creates the node keeping one item whatever pubsub#max_items='max' says", 'ignore-max-items-option'),
  ),
  'xep0060/pep/precondition-not-met': control(
    broken(['xep0060-7.1.5-precondition-not-met'], 'publishes although the access model precondition differs from the node', 'precondition-ignored'),
  ),
  'xep0060/pep/precondition-met': control(
    broken(['xep0060-7.1.5-precondition-met'], 'answers a met precondition with <precondition-not-met/>', 'precondition-met-refused'),
  ),
  'xep0060/pep/publish-options-unknown-field': control(
    broken(['xep0060-7.1.5-reject-unknown-field'], 'ignores an unknown publish-options field and publishes', 'unknown-option-ignored'),
  ),
  'xep0060/pep/publish-options-advertised': control(
    broken(['xep0060-7.1.5-advertise-publish-options'], 'takes publish options without advertising pubsub#publish-options', 'no-publish-options-feature'),
  ),
  'xep0163/pep/owner-resources-notified': control(
    broken(['xep0060-9.1.1-owner-subscribed'], "sends the owner's own resources no notifications", 'owner-not-notified'),
    broken(['xep0163-4.3.1-from-bare-jid'], "sends notifications from the publishing resource's full JID", 'notify-from-full'),
  ),
  'xep0163/pep/contact-notified': control(
    broken(['xep0163-4.3.3-notify-on-publish'], 'sends contacts no notifications', 'contacts-not-notified'),
    broken(['xep0163-4.3.2-notify-interested-resources'], "addresses contacts' notifications to their bare JID", 'notify-to-bare'),
    broken(['xep0163-4.3.1-from-bare-jid'], "sends notifications from the publishing resource's full JID", 'notify-from-full'),
  ),
  'xep0163/pep/no-notify-without-plus-notify': control(
    broken(['xep0060-9.2-no-unrequested-notify'], "sends mutual contacts every node's notifications, whatever their caps ask for", 'ignore-notify-filter'),
  ),
  'xep0163/pep/only-interested-resources': control(
    broken(
      ['xep0060-9.2-no-unrequested-notify'],
      "sends mutual contacts' resources every node's notifications, whatever their caps ask for",
      'ignore-notify-filter',
    ),
    broken(['xep0163-4.3.2-notify-interested-resources'], "addresses contacts' notifications to their bare JID, so every resource gets them", 'notify-to-bare'),
  ),
  'xep0163/pep/last-item-on-login': control(
    broken(['xep0163-4.3.3-last-item-on-initial-presence'], 'sends no last item when an interested resource comes online', 'no-last-item-on-presence'),
  ),
  'xep0163/pep/no-resend-on-presence-update': control(
    broken(['xep0163-4.3.3-no-resend-on-presence-update'], 'sends the last item again on every presence update', 'resend-on-update'),
  ),
  'xep0163/pep/last-item-on-new-subscription': control(
    broken(
      ['xep0163-4.3.4-last-item-to-new-subscriber'],
      'sends no last item when a presence subscription makes an online resource a subscriber',
      'no-last-item-on-subscription',
    ),
  ),
  'xep0060/pep/retract-notify': control(
    broken(['xep0060-7.2.2.1-retract-notify'], "sends no notification for a retract with notify='true'", 'no-retract-notify'),
  ),
  'xep0060/pep/retract-deletes-item': control(broken(['xep0060-7.2.2-retract-deletes'], 'answers a retract but keeps the item', 'retract-keeps-item')),
  'xep0060/pep/delete-notify': control(
    broken(['xep0060-8.4.2-delete-notify'], 'sends no notification when a node is deleted', 'no-delete-notify'),
    broken(['xep0060-8.4.2-delete-result', 'xep0163-5-node-deletion'], "refuses the owner's node deletion with <forbidden/>", 'delete-refused'),
  ),
  'xep0060/pep/delete-removes-items': control(
    broken(['xep0060-8.4-delete-removes-items'], "answers a node deletion but keeps the node's items", 'delete-keeps-items'),
  ),
  'xep0060/pep/delete-unknown-node': control(
    broken(['xep0060-8.4.3.2-delete-unknown-not-found'], 'answers the deletion of a node that does not exist with a result', 'delete-unknown-ok'),
  ),
  'xep0163/pep/presence-access-contact-retrieves': control(
    broken(['xep0163-4.1-auto-subscribe'], "refuses a presence subscriber the items of a 'presence' node", 'contact-items-refused'),
  ),
  'xep0163/pep/presence-access-stranger-refused': control(
    broken(
      ['xep0060-6.5.1-conform-access-model', 'xep0163-5-presence-access-default'],
      "gives anyone the items of a 'presence' node",
      'presence-items-to-anyone',
    ),
  ),
  'xep0060/pep/presence-access-not-authorized': control(
    broken(['xep0060-6.5.9.6-presence-not-authorized'], "refuses strangers a 'presence' node's items with <forbidden/>", 'presence-forbidden'),
  ),
  'xep0060/pep/whitelist-owner-only': control(
    broken(['xep0163-5-whitelist-access-model'], "treats a 'whitelist' node like a 'presence' node", 'whitelist-as-presence'),
    broken(['xep0060-4.5-owner-on-whitelist'], "refuses the owner the items of its 'whitelist' node", 'whitelist-owner-refused'),
  ),
  'xep0060/pep/whitelist-not-allowed': control(
    broken(['xep0060-6.5.9.8-whitelist-not-allowed'], "refuses a 'whitelist' node's items with <forbidden/>", 'whitelist-forbidden'),
  ),
  'xep0060/pep/stranger-not-notified': control(
    broken(
      ['xep0060-9.1.2-no-notify-without-access'],
      "sends a 'presence' node's events to a stranger that sent directed presence with caps",
      'notify-strangers',
    ),
  ),
  'xep0060/pep/open-node-presence-sharer': control(
    broken(['xep0060-9.1.3-presence-sharer-open-node'], "sends an open node's events to no entity that only sent directed presence", 'no-sharer-notify'),
  ),
  'xep0163/pep/access-recalculated-on-unsubscribe': control(
    broken(['xep0163-7.1-recalculate-access'], 'keeps admitting an entity to a node once admitted, after its presence subscription is gone', 'access-cached'),
  ),
  'xep0163/pep/disco-items-by-access': control(
    broken(['xep0163-6.2-disco-items-by-access'], 'lists every node of the account in disco#items, whoever asks', 'disco-items-all'),
  ),
};
