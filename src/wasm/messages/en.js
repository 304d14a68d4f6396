// English texts (wasm-bindgen snippet: only `export function`, no imports),
// the default locale. Written for a person at a keyboard: fields named as a
// form labels them, rules in words, no wire names, integer limits or
// provider codes; a capital first, no trailing period. `s.The` is the label
// capitalised, `s.is` is/are as it agrees; `{n}` in an item label is the
// item's number counted from 1.

export function catalogueEn() {
  const person = { firstName: 'first name', lastName: 'last name', email: 'email address' };
  const labels = {
    verifik: {
      '': 'the person’s details', name: 'full name', images: 'photos', 'images[]': 'photo {n}',
      gender: 'sex', date_of_birth: 'date of birth', nationality: 'nationality', collections: 'collections',
      'collections[]': 'collection {n}', notes: 'notes',
    },
    equals: {
      '': 'the person’s details', accountId: 'account number', firstName: person.firstName,
      lastName: person.lastName, roleName: 'role', dob: 'date of birth', emailAddress: person.email,
      primaryMobileNumber: 'mobile number', status: 'status', employeeNumber: 'employee number',
      jobTitle: 'job title', notifyEmailTrans: 'transaction emails', createdByPersonaId: 'registering profile',
      addToUserPool: 'platform access', sendInvite: 'invitation', emailTheme: 'email design',
      nationalities: 'nationalities', 'nationalities[]': 'nationality {n}', sessionId: 'session',
      mfaCode: 'verification code', customerIp: 'IP address', address: 'address',
      'address.streetName': 'street', 'address.buildingNumber': 'house or building number',
      'address.buildingName': 'building name', 'address.postcode': 'postcode', 'address.city': 'city',
      'address.region': 'region', 'address.countryCode': 'country', locale: 'language',
    },
    horus: {
      '': 'the person’s details', clientId: 'system identifier', clientSecret: 'system key',
      mainIdentifier: 'ID number (DNI)', externalId: 'external code', firstName: person.firstName,
      additionalFirstName: 'middle name', lastName: person.lastName, additionalLastName: 'second last name',
      email: person.email, password: 'password', enabled: 'account status', custom: 'additional details',
      categoryId: 'category', positionId: 'position',
    },
    // The neutral person of personkit/server (toProviderPayloads, enrol).
    person: {
      '': 'the person’s details', firstName: 'first name', lastName: 'last name', email: 'email address',
      phone: 'mobile number', dateOfBirth: 'date of birth', gender: 'sex', nationality: 'nationality',
      identityNumber: 'ID number (DNI)', photos: 'photos', 'photos[]': 'photo {n}', extras: 'additional details',
      // The server's own fields (the handler's options, the importer's flags).
      'server.accountId': 'Equals account number', 'server.roleName': 'Equals role',
      'server.categoryId': 'Horus category', 'server.positionId': 'Horus position',
      'server.collections': 'Verifik collections', 'server.collections[]': 'Verifik collection {n}',
      'extras.verifik': 'additional details for Verifik', 'extras.equals': 'additional details for Equals Money',
      'extras.horus': 'additional details for Horus',
    },
    image: { '': 'image' },
    unknown: 'this field',
  };

  // "the date of birth", but "nationality 1": a numbered item takes no article.
  const theLabel = (s) => (s.item ? s.the : `the ${s.the}`);
  const mb = (s) => (s.limit ? ` (at most ${s.limit} MB)` : '');
  // INVALID_TYPE by what the field takes (s.expected, read from the rule's words).
  const expected = {
    text: (s) => `Enter ${theLabel(s)} as text`,
    number: (s) => `Enter ${theLabel(s)} as a whole number`,
    yesNo: (s) => `Choose yes or no for ${theLabel(s)}`,
    list: (s) => `${s.The} must be a list`,
    group: (s) => `${s.The} must be a group of fields`,
  };
  const rules = {
    REQUIRED: (s) => `${s.The} ${s.is} required`,
    NAME_REQUIRED: (s) => `${s.The} ${s.is} required`,
    EMPTY: (s) => `${s.The} cannot be empty`,
    TOO_LONG: (s) => (s.limit === undefined
      ? `${s.The} ${s.is} too long`
      : `${s.The} can have at most ${s.limit} characters`),
    NOT_ONE_OF: (s) => `${s.the === labels.unknown ? 'Choose one of the options' : `Choose ${/^[aeiou]/i.test(s.the) ? 'an' : 'a'} ${s.the} from the options`}${s.hint ? ` (did you mean ${s.hint}?)` : ''}`,
    INVALID_TYPE: (s) => (s.root ? 'The form’s details could not be read'
      : s.unread ? `${s.The} could not be read`
        : (expected[s.expected] ?? ((t) => `${t.The} ${t.is} not in the expected form`))(s)),
    INVALID_DATE: (s) => (s.future
      ? `${s.The} cannot be in the future`
      : s.notReal ? `The ${s.the} does not exist on the calendar: check the day, the month and the year`
        : `Enter ${theLabel(s)} as YYYY-MM-DD, for example 1990-12-04`),
    INVALID_EMAIL: (s) => (s.invisible
      ? `The ${s.the} ${s.has} an invisible character, perhaps from copying it: type it again`
      : 'Enter an email like name@example.com'),
    INVALID_UUID: (s) => `${s.The} ${s.is} not a valid identifier`,
    INVALID_COUNTRY: (s) => `Enter ${theLabel(s)} as a two-letter country code, such as PE or CO${s.hint ? ` (did you mean ${s.hint}?)` : ''}`,
    INVALID_PHONE: () => 'Enter a number like +51 987 654 321: digits, spaces, dashes, dots and brackets only, at least 7 digits',
    INVALID_IP: (s) => `Enter ${theLabel(s)} like 203.0.113.7 or 2001:db8::1`,
    INVALID_BASE64: (s) => (s.dataUrl
      ? `${s.The} was sent as a data URL: send only the base64 after the comma`
      : `${s.The} could not be read: upload it again`),
    INVALID_JSON: (s) => `${s.The} must be a JSON object, such as {"key":"value"}`,
    INVALID_CHARACTERS: (s) => (s.undecoded
      ? `${s.The} has a character that could not be read (\uFFFD): type it again`
      : `${s.The} cannot contain tabs, line breaks or other invisible characters`),
    OUT_OF_RANGE: (s) => `${s.The} ${s.is} not valid: choose one from the list`,
    TOO_MANY: (s) => (s.moreErrors
      ? `And ${s.moreErrors.more} more errors (only the first ${s.moreErrors.first} are shown)`
      : `${s.The} ${s.has} too many items${s.limit === undefined ? '' : `: at most ${s.limit}`}`),
    TOO_FEW: (s) => `${s.The} ${s.has} too few items${s.limit === undefined ? '' : `: at least ${s.limit}`}`,
    // A label with its own brackets ("ID number (DNI)") reads "ID number, DNI" inside the hint's.
    UNKNOWN_FIELD: (s) => `This is not part of the form${s.hintLabel ? ` (did you mean ${s.hintLabel.replace(/ \((.+)\)$/, ', $1')}?)` : ''}`,
    INVALID_IMAGE_FORMAT: (s) => (s.cutOff
      ? `${s.The} arrived incomplete: upload it again`
      : s.unread ? `${s.The} could not be read: choose the file again`
      : `${s.The} must be in JPEG or PNG format${s.heic ? ': convert iPhone HEIC photos to JPEG' : ''}`),
    IMAGE_TOO_LARGE: (s) => (s.pixels
      ? `${s.The} has too many pixels (at most ${s.limit} megapixels)`
      : `${s.The} is too large${mb(s)}`),
    IMAGE_EMPTY: (s) => `${s.The} is empty: choose another file`,
    IMAGE_TOO_SMALL: (s) => `${s.The} has too low a resolution: use a larger photo`,
    FIELD_NOT_ALLOWED: (s) => (s.from
      ? `${s.The} ${s.is} taken from the form’s ${s.from}: fill in that field instead`
      : `${s.The} cannot be chosen in this form: the system sets ${s.is === 'are' ? 'them' : 'it'}`),
    INVALID_LOCALE: (s) => `Enter ${theLabel(s)} as a language code such as es-PE or en-GB${s.hint ? ` (did you mean ${s.hint}?)` : ''}`,
  };
  const fieldRules = {
    'verifik.images': {
      REQUIRED: () => 'Add at least one photo',
      TOO_FEW: () => 'Add at least one photo',
      // On one photo: a container where its base64 text goes (bytes, a huge typed array), the page's mistake.
      TOO_MANY: (s) => (s.item ? `We could not check ${s.the} because of a problem on this page: try again later` : `You can upload at most ${s.limit} photos`),
      // An item that is not base64 text (a File given where its text goes): the page's mistake, not the person's.
      INVALID_TYPE: (s) => (s.item && s.expected === 'text' ? `We could not check ${s.the} because of a problem on this page: try again later` : undefined),
    },
    'verifik.nationality': {
      INVALID_COUNTRY: (s) => `Enter the nationality as a country code (PE, CO) or a name (Peruvian)${s.hint ? `: did you mean ${s.hint}?` : ''}`,
    },
    'verifik.gender': { NOT_ONE_OF: () => 'Choose the sex: M (male) or F (female)' },
    // A neutral person's nationality also fills Equals' nationalities, which take
    // codes only: the words that fit every system, not Verifik's "or a name".
    'person.nationality': { INVALID_COUNTRY: (s) => rules.INVALID_COUNTRY(s) },
    // checkProviderPayload's first argument.
    'person.provider': { NOT_ONE_OF: () => 'Choose the system: verifik, equals or horus' },
    'horus.enabled': {
      NOT_ONE_OF: () => 'Choose whether the account is active or inactive',
      INVALID_TYPE: () => 'Choose whether the account is active or inactive',
    },
    'horus.mainIdentifier': { INVALID_TYPE: () => 'Enter the ID number as text, not as a number' },
    // encodeImage given no file, or something else than one.
    'image.': { INVALID_TYPE: () => 'Choose a JPEG or PNG photo' },
  };

  const who = (s) => s.providerName ?? 'The service';
  const errors = {
    VALIDATION_FAILED: (s) => `Check the details: ${s.first}${s.more ? ` (and ${s.more} more)` : ''}`,
    UNAUTHORIZED: (s) => `${who(s)} refused the credentials: check the configured key or token`,
    // Only Equals has accounts to name.
    NOT_FOUND: (s) => `${who(s)} did not find what was asked for${s.providerName === 'Equals Money' ? ' (the account may not exist)' : ''}`,
    ALREADY_EXISTS: () => 'This person is already registered',
    BAD_REQUEST: (s) => `${who(s)} refused the details sent`,
    RATE_LIMITED: (s) => `${who(s)} received too many requests: wait a moment and try again`,
    SERVER_ERROR: (s) => `${who(s)} had an error: try again later`,
    TIMEOUT: (s) => `${who(s)} took too long to answer: try again`,
    ABORTED: (s) => (s.afterSend
      ? `The request was cancelled after it was sent: ${s.providerName ?? 'the service'} may have registered the person`
      : 'The request was cancelled'),
    NETWORK: (s) => (s.maybeSent
      ? `The connection to ${s.providerName ?? 'the service'} broke before it answered, so we cannot tell whether the request arrived`
      : `Could not connect to ${s.providerName ?? 'the service'}: check your connection`),
    BAD_RESPONSE: (s) => `${who(s)} gave an unexpected answer`,
    INVALID_OPTIONS: (s) => (s.freed
      ? `The connection to ${s.providerName ?? 'the service'} was closed: ${s.page ? 'reload the page and try again' : 'try again'}`
      : 'The options given to personkit are not valid'),
    UNSUPPORTED_ENVIRONMENT: () => 'This browser or environment cannot do this',
    BROWSER_NOT_ALLOWED: () => 'For safety, this cannot be done from a browser',
    OUTCOME_UNKNOWN: (s) => `We do not know whether ${s.providerName ?? 'the service'} registered the person: ${
      s.account ? `look the person up by their email address on account ${s.account}`
        : s.collection ? `look for the person in collection ${s.collection}`
          : `look for the person in ${s.providerName ?? 'the service'}`} before trying again`,
  };
  return { labels, rules, fieldRules, errors };
}
