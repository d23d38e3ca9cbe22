/**
 * vTiger's standard picklist values as a fresh vTiger 7 spells them. Karta's English labels say the same things
 * in sentence case ("Closed won"); an integration compares vTiger's strings ("Closed Won"), so the webservice
 * answers with vTiger's spelling wherever a label is one of these, ignoring case, spaces and "/" for "or".
 */
const VALUES = [
  'Attempted to Contact', 'Cold', 'Contact in Future', 'Contacted', 'Hot', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre Qualified', 'Qualified', 'Warm',
  'Cold Call', 'Existing Customer', 'Self Generated', 'Employee', 'Partner', 'Public Relations', 'Direct Mail', 'Conference', 'Trade Show', 'Web Site', 'Word of mouth', 'Other',
  'Acquired', 'Active', 'Market Failed', 'Project Cancelled', 'Shutdown',
  'Analyst', 'Competitor', 'Customer', 'Integrator', 'Investor', 'Press', 'Prospect', 'Reseller',
  'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal or Price Quote',
  'Negotiation or Review', 'Closed Won', 'Closed Lost', 'Existing Business', 'New Business',
  'Created', 'Delivered', 'Reviewed', 'Accepted', 'Rejected', 'Approved', 'Cancelled', 'AutoCreated', 'Cancel', 'Sent', 'Credit Invoice', 'Paid', 'Received Shipment',
  'Open', 'In Progress', 'Wait For Response', 'Closed', 'Low', 'Normal', 'High', 'Urgent', 'Minor', 'Major', 'Feature', 'Critical',
  'Big Problem', 'Small Problem', 'Other Problem', 'Planning', 'Inactive', 'Completed', 'Webinar', 'Partners', 'Referral Program', 'Advertisement',
  'Banner Ads', 'Email', 'Telemarketing', 'Others', 'Excellent', 'Good', 'Average', 'Poor',
  'Call', 'Meeting', 'Mobile Call', 'Planned', 'Held', 'Not Held', 'Not Started', 'Pending Input', 'Deferred', 'Medium', 'Private', 'Public',
  'Draft', 'Published', 'Obsolete',
];

const key = (s: string) => s.toLowerCase().replace(/\s*\/\s*/g, ' or ').replace(/\s+/g, ' ').trim();
const BY_KEY = new Map(VALUES.map((v) => [key(v), v]));

/** A picklist label as vTiger spells it, when vTiger has that value; else the label. */
export const vtPicklistValue = (label: string): string => BY_KEY.get(key(label)) ?? label;
