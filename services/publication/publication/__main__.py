from portcullis_kit.runtime import main
from publication.bootstrap import bootstrap
from publication.settings import PublicationSettings

if __name__ == "__main__":
    main(PublicationSettings, bootstrap)
