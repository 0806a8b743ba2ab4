import type { DemoOrganisation, DemoTeam } from './types.ts';
import { DISTRICT_PROFILES } from './districts.ts';

/**
 * The demo partnership is modelled on Worcestershire's but the county is fictional:
 * "Severnshire". The districts keep their real names (DESIGN.md); every organisation,
 * team, setting and person is invented, and every e-mail address is on an example.org domain.
 */
export const PARTNERSHIP_NAME = 'Severnshire Safeguarding Children Partnership';

interface OrganisationProfile extends DemoOrganisation {
  /** E-mail domain, always under example.org. */
  domain: string;
}

export const ORGANISATION_PROFILES: readonly OrganisationProfile[] = [
  // the three safeguarding partners
  {
    code: 'SCF',
    name: 'Severnshire Children First',
    kind: 'local_authority',
    safeguardingPartner: true,
    domain: 'severnshire-children-first.example.org',
  },
  {
    code: 'ICB',
    name: 'NHS Severnshire and Teme Valley Integrated Care Board',
    kind: 'icb',
    safeguardingPartner: true,
    domain: 'severnshire-icb.example.org',
  },
  {
    code: 'WSP',
    name: 'West Severn Police',
    kind: 'police',
    safeguardingPartner: true,
    domain: 'west-severn-police.example.org',
  },
  // relevant agencies
  {
    code: 'SAHT',
    name: 'Severnshire Acute Hospitals NHS Trust',
    kind: 'hospital_trust',
    safeguardingPartner: false,
    domain: 'severnshire-acute.example.org',
  },
  {
    code: 'SVHT',
    name: 'Stour Valley Hospitals NHS Foundation Trust',
    kind: 'hospital_trust',
    safeguardingPartner: false,
    domain: 'stour-valley-hospitals.example.org',
  },
  {
    code: 'SHCT',
    name: 'Severnshire Health and Care NHS Trust',
    kind: 'community_health_trust',
    safeguardingPartner: false,
    domain: 'severnshire-health.example.org',
  },
  {
    code: 'PDU',
    name: 'Probation Service, Severnshire Probation Delivery Unit',
    kind: 'probation',
    safeguardingPartner: false,
    domain: 'probation-severnshire.example.org',
  },
  {
    code: 'YJS',
    name: 'Severnshire Youth Justice Service',
    kind: 'youth_justice',
    safeguardingPartner: false,
    domain: 'severnshire-yjs.example.org',
  },
  {
    code: 'SWA',
    name: "Severnshire Women's Aid",
    kind: 'voluntary',
    safeguardingPartner: false,
    domain: 'severnshire-womens-aid.example.org',
  },
  {
    code: 'CYT',
    name: 'Clearway Youth Trust (county lines and exploitation)',
    kind: 'voluntary',
    safeguardingPartner: false,
    domain: 'clearway-youth.example.org',
  },
];

function domainOf(organisationCode: string): string {
  const organisation = ORGANISATION_PROFILES.find((o) => o.code === organisationCode);
  if (organisation === undefined) throw new Error(`no demo organisation ${organisationCode}`);
  return organisation.domain;
}

function team(
  code: string,
  name: string,
  organisationCode: string,
  kind: DemoTeam['kind'],
  mailbox: string,
  districtCode: string | null = null,
): DemoTeam {
  return {
    code,
    name,
    organisationCode,
    districtCode,
    kind,
    email: `${mailbox}@${domainOf(organisationCode)}`,
  };
}

export function demoOrganisations(): DemoOrganisation[] {
  return ORGANISATION_PROFILES.map(({ code, name, kind, safeguardingPartner }) => ({
    code,
    name,
    kind,
    safeguardingPartner,
  }));
}

export function demoTeams(): DemoTeam[] {
  return [
    ...DISTRICT_PROFILES.map((d) =>
      team(
        `HV-${d.code}`,
        `${d.name} Health Visiting Team`,
        'SHCT',
        'health_visiting',
        `health.visiting.${d.code.toLowerCase()}`,
        d.code,
      ),
    ),
    team('FFD', 'Family Front Door', 'SCF', 'family_front_door', 'family.front.door'),
    team('GET-SAFE', 'GET SAFE Team', 'SCF', 'get_safe', 'get.safe'),
    team('EDU-SG', 'Education Safeguarding Team', 'SCF', 'education_safeguarding', 'education.safeguarding'),
    team('HAU', 'Harm Assessment Unit', 'WSP', 'harm_assessment_unit', 'harm.assessment.unit'),
    team('SAHT-SG', 'Hospital Safeguarding Team', 'SAHT', 'hospital_safeguarding', 'safeguarding'),
    team('PBU', 'Partnership Business Unit', 'SCF', 'business_unit', 'partnership'),
  ];
}
